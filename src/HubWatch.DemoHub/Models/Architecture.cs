namespace HubWatch.DemoHub.Models;

/// <summary>
/// A decoder-only transformer shape in the Llama family (Llama, Mistral, Qwen2, Mixtral). Sizes are small for the
/// demo, except the virtual giant whose dimensions are Llama-3-70B's.
/// </summary>
public sealed record Architecture(
    string Name,
    string ModelType,
    int Hidden,
    int Layers,
    int Heads,
    int KvHeads,
    int Intermediate,
    int Vocab,
    bool TiedEmbeddings = false,
    bool QkvBias = false,
    int Experts = 0,
    bool RotaryBuffers = false)
{
    public int HeadDim => Hidden / Heads;

    public int KvDim => KvHeads * HeadDim;

    public bool IsMixtureOfExperts => Experts > 0;

    /// <summary>The transformers class name config.json carries.</summary>
    public string ClassName => ModelType switch
    {
        "mistral" => "MistralForCausalLM",
        "qwen2" => "Qwen2ForCausalLM",
        "mixtral" => "MixtralForCausalLM",
        _ => "LlamaForCausalLM",
    };

    /// <summary>Every tensor in the order a transformers checkpoint lists them.</summary>
    public IReadOnlyList<TensorSpec> Tensors()
    {
        var tensors = new List<TensorSpec> { new("model.embed_tokens.weight", [Vocab, Hidden], TensorRole.Embedding, null) };
        for (var layer = 0; layer < Layers; layer++)
            tensors.AddRange(LayerTensors(layer));
        tensors.Add(new TensorSpec("model.norm.weight", [Hidden], TensorRole.FinalNorm, null));
        if (!TiedEmbeddings)
            tensors.Add(new TensorSpec("lm_head.weight", [Vocab, Hidden], TensorRole.LmHead, null));
        return tensors;
    }

    public long ParameterCount => Tensors().Sum(t => t.Elements);

    private IEnumerable<TensorSpec> LayerTensors(int layer)
    {
        var p = $"model.layers.{layer}.";
        yield return new TensorSpec(p + "input_layernorm.weight", [Hidden], TensorRole.Norm, layer);
        yield return new TensorSpec(p + "self_attn.q_proj.weight", [Hidden, Hidden], TensorRole.AttentionQ, layer);
        yield return new TensorSpec(p + "self_attn.k_proj.weight", [KvDim, Hidden], TensorRole.AttentionK, layer);
        yield return new TensorSpec(p + "self_attn.v_proj.weight", [KvDim, Hidden], TensorRole.AttentionV, layer);
        if (QkvBias)
        {
            yield return new TensorSpec(p + "self_attn.q_proj.bias", [Hidden], TensorRole.AttentionBias, layer);
            yield return new TensorSpec(p + "self_attn.k_proj.bias", [KvDim], TensorRole.AttentionBias, layer);
            yield return new TensorSpec(p + "self_attn.v_proj.bias", [KvDim], TensorRole.AttentionBias, layer);
        }
        if (RotaryBuffers)
            yield return new TensorSpec(p + "self_attn.rotary_emb.inv_freq", [HeadDim / 2], TensorRole.Buffer, layer);
        yield return new TensorSpec(p + "self_attn.o_proj.weight", [Hidden, Hidden], TensorRole.AttentionO, layer);
        yield return new TensorSpec(p + "post_attention_layernorm.weight", [Hidden], TensorRole.Norm, layer);
        if (IsMixtureOfExperts)
        {
            yield return new TensorSpec(p + "block_sparse_moe.gate.weight", [Experts, Hidden], TensorRole.Router, layer);
            for (var e = 0; e < Experts; e++)
            {
                var x = $"{p}block_sparse_moe.experts.{e}.";
                yield return new TensorSpec(x + "w1.weight", [Intermediate, Hidden], TensorRole.MlpGate, layer, e);
                yield return new TensorSpec(x + "w2.weight", [Hidden, Intermediate], TensorRole.MlpDown, layer, e);
                yield return new TensorSpec(x + "w3.weight", [Intermediate, Hidden], TensorRole.MlpUp, layer, e);
            }
        }
        else
        {
            yield return new TensorSpec(p + "mlp.gate_proj.weight", [Intermediate, Hidden], TensorRole.MlpGate, layer);
            yield return new TensorSpec(p + "mlp.up_proj.weight", [Intermediate, Hidden], TensorRole.MlpUp, layer);
            yield return new TensorSpec(p + "mlp.down_proj.weight", [Hidden, Intermediate], TensorRole.MlpDown, layer);
        }
    }
}
