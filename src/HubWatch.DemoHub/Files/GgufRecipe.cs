using HubWatch.DemoHub.Models;
using HubWatch.Formats.Encoding;

namespace HubWatch.DemoHub.Files;

/// <summary>
/// A llama-quantize recipe the demo hub writes GGUF files with: its file type (the name people search by), the type of
/// most matrices, and the wider type it keeps the sensitive ones in (the head always Q6_K; attn_v and ffn_down as
/// llama.cpp's llama_tensor_get_type raises them, simplified to every layer). Vectors stay F32.
/// </summary>
public sealed record GgufRecipe(string FileType, TensorType Matrix, TensorType Sensitive)
{
    public static readonly GgufRecipe Q8_0 = new("Q8_0", TensorType.Q8_0, TensorType.Q8_0);
    public static readonly GgufRecipe Q6_K = new("Q6_K", TensorType.Q6_K, TensorType.Q6_K);
    public static readonly GgufRecipe Q5_K_M = new("Q5_K_M", TensorType.Q5_K, TensorType.Q6_K);
    public static readonly GgufRecipe Q4_K_M = new("Q4_K_M", TensorType.Q4_K, TensorType.Q6_K);
    public static readonly GgufRecipe Q3_K_M = new("Q3_K_M", TensorType.Q3_K, TensorType.Q4_K);
    public static readonly GgufRecipe Q2_K = new("Q2_K", TensorType.Q2_K, TensorType.Q3_K);
    public static readonly GgufRecipe IQ4_XS = new("IQ4_XS", TensorType.IQ4_XS, TensorType.IQ4_XS);

    /// <summary>The k- and i-quant recipes: rows must be multiples of 256.</summary>
    public static readonly IReadOnlyList<GgufRecipe> SuperBlock = [Q4_K_M, Q5_K_M, Q3_K_M, Q2_K, IQ4_XS, Q6_K];

    /// <summary>The recipe a draft's encoding names ("Q4_K" is Q4_K_M, as the first demo hubs wrote it), or null for safetensors.</summary>
    public static GgufRecipe? Of(string encoding) =>
        encoding == "Q4_K" ? Q4_K_M : ((IEnumerable<GgufRecipe>)[Q8_0, .. SuperBlock]).FirstOrDefault(r => r.FileType == encoding);

    public static bool IsGguf(string encoding) => Of(encoding) is not null;

    public TensorType TypeOf(TensorSpec spec) =>
        spec.IsVector || spec.Role == TensorRole.Router ? TensorType.F32
        : spec.Role == TensorRole.LmHead && Matrix != TensorType.Q8_0 ? TensorType.Q6_K
        : spec.Role is TensorRole.AttentionV or TensorRole.MlpDown ? Sensitive
        : Matrix;
}
