using System.Text.Json.Serialization;

namespace HubWatch.DemoHub.Catalog;

/// <summary>
/// A file of a repository: text stored on disk beside hub.json, or a weight file whose bytes are computed from
/// the repository's recipe as they are read.
/// </summary>
public sealed record RepoFile(string Path, WeightFile? Weights = null)
{
    [JsonIgnore] public bool IsText => Weights is null;
}

public enum WeightFormat
{
    Safetensors,
    Gguf,

    /// <summary>A PEFT LoRA adapter: lora_A / lora_B factors instead of full weights.</summary>
    Adapter,
}

/// <summary>Tensor names as a transformers checkpoint writes them, as llama.cpp does (re-conversions), or as an exporter numbers them.</summary>
public enum TensorNaming
{
    Transformers,
    LlamaCpp,

    /// <summary>ONNX-style exporter names (<c>onnx::MatMul_1042</c>): nothing says what a tensor is; fixed buffers are dropped.</summary>
    Anonymous,
}

/// <summary>How a weight file encodes the repository's values.</summary>
/// <param name="Encoding">
/// safetensors: F32, F16, BF16, or I8 (per-row absmax int8 with a <c>weight_scale</c> tensor);
/// GGUF: the block type of its matrices, Q8_0 or Q4_K (norms stay F32, as llama.cpp leaves them).
/// </param>
/// <param name="Shard">1-based shard number of <paramref name="Shards"/>; tensors are split by size.</param>
/// <param name="Transposed">Matrices stored transposed, <c>[in, out]</c> (ONNX, TF/Keras and Flax exports do).</param>
/// <param name="WithoutHead">The backbone alone (an embedding-model export): no <c>lm_head</c>.</param>
public sealed record WeightFile(
    WeightFormat Format,
    string Encoding,
    TensorNaming Naming = TensorNaming.Transformers,
    int Shard = 1,
    int Shards = 1,
    bool Transposed = false,
    bool WithoutHead = false);
