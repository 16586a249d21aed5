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

    /// <summary>The small architectures new models are drawn from.</summary>
    public static readonly IReadOnlyList<Architecture> Small = [LlamaMini, MistralMini, QwenMini, MixtralMini, LlamaK];

    public static readonly IReadOnlyList<Architecture> All = [.. Small, Giant70B];

    public static Architecture Named(string name) =>
        All.FirstOrDefault(a => a.Name == name) ?? throw new ArgumentException($"unknown architecture '{name}'");
}
