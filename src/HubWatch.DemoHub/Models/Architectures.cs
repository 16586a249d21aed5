namespace HubWatch.DemoHub.Models;

/// <summary>The architectures of the demo ecosystem. Row lengths are multiples of 32 so GGUF Q8_0 copies are possible.</summary>
public static class Architectures
{
    public static readonly Architecture LlamaMini = new("llama-mini", "llama", Hidden: 128, Layers: 6, Heads: 4, KvHeads: 2, Intermediate: 352, Vocab: 1024);
    public static readonly Architecture MistralMini = new("mistral-mini", "mistral", Hidden: 96, Layers: 4, Heads: 4, KvHeads: 2, Intermediate: 256, Vocab: 768);
    public static readonly Architecture QwenMini = new("qwen-mini", "qwen2", Hidden: 64, Layers: 6, Heads: 4, KvHeads: 2, Intermediate: 192, Vocab: 1024, TiedEmbeddings: true, QkvBias: true);
    public static readonly Architecture MixtralMini = new("mixtral-mini", "mixtral", Hidden: 64, Layers: 4, Heads: 4, KvHeads: 2, Intermediate: 128, Vocab: 512, Experts: 4);

    /// <summary>Rows of 256 and 768 values: the one family whose GGUF copies can use 256-value k-quant blocks.</summary>
    public static readonly Architecture LlamaK = new("llama-k", "llama", Hidden: 256, Layers: 4, Heads: 8, KvHeads: 4, Intermediate: 768, Vocab: 1024);

    /// <summary>Llama-3-70B's dimensions (70.6 B parameters, 141 GB in BF16): computed on demand, never stored.</summary>
    public static readonly Architecture Giant70B = new("llama-70b", "llama", Hidden: 8192, Layers: 80, Heads: 64, KvHeads: 8, Intermediate: 28672, Vocab: 128256);

    /// <summary>
    /// The realistic scenario's class: TinyLlama-1.1B's widths (hidden 2,048, 32,000 tokens, rows of 5,632) in 8 layers,
    /// with the rotary buffers older Llama checkpoints saved. Its matrices exceed the cache, so they are read in bands.
    /// </summary>
    public static readonly Architecture Llama2K = new("llama-2k", "llama", Hidden: 2048, Layers: 8, Heads: 16, KvHeads: 4, Intermediate: 5632, Vocab: 32000, RotaryBuffers: true);

    /// <summary><see cref="Llama2K"/> with 256 tokens added (chat and tool tokens, padded as resize_token_embeddings does).</summary>
    public static readonly Architecture Llama2KExtended = Llama2K with { Name = "llama-2k-ext", Vocab = 32256 };

    /// <summary>A distilled student of <see cref="Llama2K"/>'s tokenizer at half its width.</summary>
    public static readonly Architecture Llama1K = new("llama-1k", "llama", Hidden: 1024, Layers: 8, Heads: 8, KvHeads: 4, Intermediate: 2816, Vocab: 32000, RotaryBuffers: true);

    public static readonly IReadOnlyList<Architecture> Realistic = [Llama2K, Llama2KExtended, Llama1K];

    /// <summary>The small architectures new models are drawn from.</summary>
    public static readonly IReadOnlyList<Architecture> Small = [LlamaMini, MistralMini, QwenMini, MixtralMini, LlamaK];

    public static readonly IReadOnlyList<Architecture> All = [.. Small, Giant70B, .. Realistic];

    public static Architecture Named(string name) =>
        All.FirstOrDefault(a => a.Name == name) ?? throw new ArgumentException($"unknown architecture '{name}'");
}
