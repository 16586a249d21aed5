using System.Globalization;
using System.Text.RegularExpressions;

namespace HubWatch.Provenance.Classification;

/// <summary>
/// What a tensor is, whatever the converter named it: a role (attn_q, ffn_down, embed …), a layer and an expert.
/// transformers (<c>model.layers.3.self_attn.q_proj.weight</c>), llama.cpp (<c>blk.3.attn_q.weight</c>) and Meta /
/// llama2.c (<c>layers.3.attention.wq.weight</c>) names of one tensor give one slot. Unknown names keep their own text as
/// role, so models of other architectures still line up name for name.
/// </summary>
public readonly partial record struct TensorSlot(string Role, int Layer, int Expert)
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["model.embed_tokens.weight"] = "embed",
        ["token_embd.weight"] = "embed",
        ["tok_embeddings.weight"] = "embed",
        ["transformer.wte.weight"] = "embed",
        ["lm_head.weight"] = "lm_head",
        ["output.weight"] = "lm_head",
        ["model.norm.weight"] = "final_norm",
        ["output_norm.weight"] = "final_norm",
        ["norm.weight"] = "final_norm",
        ["self_attn.q_proj.weight"] = "attn_q",
        ["attn_q.weight"] = "attn_q",
        ["attention.wq.weight"] = "attn_q",
        ["self_attn.k_proj.weight"] = "attn_k",
        ["attn_k.weight"] = "attn_k",
        ["attention.wk.weight"] = "attn_k",
        ["self_attn.v_proj.weight"] = "attn_v",
        ["attn_v.weight"] = "attn_v",
        ["attention.wv.weight"] = "attn_v",
        ["self_attn.o_proj.weight"] = "attn_o",
        ["attn_output.weight"] = "attn_o",
        ["attention.wo.weight"] = "attn_o",
        ["self_attn.q_proj.bias"] = "attn_q_bias",
        ["attn_q.bias"] = "attn_q_bias",
        ["self_attn.k_proj.bias"] = "attn_k_bias",
        ["attn_k.bias"] = "attn_k_bias",
        ["self_attn.v_proj.bias"] = "attn_v_bias",
        ["attn_v.bias"] = "attn_v_bias",
        ["input_layernorm.weight"] = "attn_norm",
        ["attn_norm.weight"] = "attn_norm",
        ["attention_norm.weight"] = "attn_norm",
        ["post_attention_layernorm.weight"] = "ffn_norm",
        ["ffn_norm.weight"] = "ffn_norm",
        ["mlp.gate_proj.weight"] = "ffn_gate",
        ["ffn_gate.weight"] = "ffn_gate",
        ["feed_forward.w1.weight"] = "ffn_gate",
        ["w1.weight"] = "ffn_gate",
        ["mlp.up_proj.weight"] = "ffn_up",
        ["ffn_up.weight"] = "ffn_up",
        ["feed_forward.w3.weight"] = "ffn_up",
        ["w3.weight"] = "ffn_up",
        ["mlp.down_proj.weight"] = "ffn_down",
        ["ffn_down.weight"] = "ffn_down",
        ["feed_forward.w2.weight"] = "ffn_down",
        ["w2.weight"] = "ffn_down",
        ["block_sparse_moe.gate.weight"] = "router",
        ["ffn_gate_inp.weight"] = "router",
    };

    public bool IsKnownRole => Aliases.ContainsValue(Role);

    /// <summary>Gains and biases: ≈ 1 or ≈ 0 in every model, compared only after centring and never alone.</summary>
    public bool IsVectorRole => Role.EndsWith("norm", StringComparison.Ordinal) || Role.EndsWith("bias", StringComparison.Ordinal);

    public static TensorSlot Of(string name)
    {
        var layer = LayerPart().Match(name);
        var rest = layer.Success ? name[(layer.Index + layer.Length)..] : name;
        var expert = -1;
        if (ExpertPart().Match(rest) is { Success: true } e)
        {
            expert = int.Parse(e.Groups["e"].Value, CultureInfo.InvariantCulture);
            rest = (e.Groups["w"].Value switch { "w1" or "gate" => "ffn_gate", "w2" or "down" => "ffn_down", _ => "ffn_up" }) + ".weight";
        }
        var role = Aliases.TryGetValue(rest, out var known) ? known : rest;
        return new TensorSlot(role, layer.Success ? int.Parse(layer.Groups[1].Value, CultureInfo.InvariantCulture) : -1, expert);
    }

    /// <summary>transformers, llama.cpp or meta: how a file names its tensors (a change is the "renamed" transform).</summary>
    public static string NamingOf(IEnumerable<string> names)
    {
        var list = names.ToList();
        if (list.Any(n => n.StartsWith("blk.", StringComparison.Ordinal) || n.StartsWith("token_embd", StringComparison.Ordinal)))
            return "llama.cpp";
        if (list.Any(n => n.StartsWith("model.", StringComparison.Ordinal)))
            return "transformers";
        return list.Any(n => n.StartsWith("layers.", StringComparison.Ordinal) || n.StartsWith("tok_embeddings", StringComparison.Ordinal)) ? "meta" : "other";
    }

    public override string ToString() => Layer < 0 ? Role : Expert < 0 ? $"{Role}.{Layer}" : $"{Role}.{Layer}.{Expert}";

    [GeneratedRegex(@"(?:^|\.)(?:layers|blk|h|block)\.(\d+)\.")]
    private static partial Regex LayerPart();

    // transformers block_sparse_moe.experts.E.w1.weight, llama.cpp ffn_gate.E.weight
    [GeneratedRegex(@"^(?:block_sparse_moe\.experts\.(?<e>\d+)\.(?<w>w[123])|ffn_(?<w>gate|up|down)\.(?<e>\d+))\.weight$")]
    private static partial Regex ExpertPart();
}
