namespace HubWatch.Formats.Encoding;

/// <summary>
/// Element encodings HubWatch can write. The quantised ones are ggml's block types with ggml's memory layout
/// (ggml-org/llama.cpp, ggml/src/ggml-common.h): every block stores its own fp16 scale(s) and packed codes.
/// </summary>
public enum TensorType
{
    /// <summary>IEEE binary32, 4 bytes.</summary>
    F32,

    /// <summary>IEEE binary16, 2 bytes.</summary>
    F16,

    /// <summary>bfloat16 (the upper half of a binary32), 2 bytes.</summary>
    BF16,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>Unsigned 8-bit integer (safetensors only: ggml has no U8 type).</summary>
    U8,

    /// <summary>32 values: fp16 d + 32 int8 codes (34 bytes); value = q·d.</summary>
    Q8_0,

    /// <summary>32 values: fp16 d + 16 bytes of nibbles (18 bytes); value = (q − 8)·d.</summary>
    Q4_0,

    /// <summary>256 values: fp16 d, fp16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of nibbles (144 bytes).</summary>
    Q4_K,

    /// <summary>256 values: 128 bytes ql, 64 bytes qh, 16 int8 scales, fp16 d (210 bytes).</summary>
    Q6_K,

    /// <summary>OCP FP8 E4M3 (float8_e4m3fn), 1 byte; safetensors only. Usually scaled: per tensor, per row or per 128×128 block.</summary>
    F8_E4M3,

    /// <summary>OCP FP8 E5M2 (float8_e5m2), 1 byte; safetensors only.</summary>
    F8_E5M2,

    /// <summary>
    /// 2-bit integers with a scale and a zero point per group of inputs (GPTQ, AWQ, MLX): packed across several
    /// tensors, so decoded by their layout, not by <see cref="TensorCodec"/>.
    /// </summary>
    GroupedInt2,

    /// <summary>3-bit integers with a scale and zero point per group (GPTQ, MLX); see <see cref="GroupedInt2"/>.</summary>
    GroupedInt3,

    /// <summary>4-bit integers with a scale and zero point per group (GPTQ, AWQ, MLX); see <see cref="GroupedInt2"/>.</summary>
    GroupedInt4,

    /// <summary>5- or 6-bit integers with a scale and bias per group (MLX); see <see cref="GroupedInt2"/>.</summary>
    GroupedInt6,

    /// <summary>8-bit integers with a scale and zero point per group (GPTQ, MLX); see <see cref="GroupedInt2"/>.</summary>
    GroupedInt8,
}
