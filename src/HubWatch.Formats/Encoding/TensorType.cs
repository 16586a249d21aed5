namespace HubWatch.Formats.Encoding;

/// <summary>
/// Element encodings HubWatch reads (and writes, where <see cref="TensorCodec.Encode"/> has an encoder). The
/// quantised ones are ggml's block types with ggml's memory layout (ggml/src/ggml-common.h): every block stores its
/// own scale(s) and packed codes.
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

    /// <summary>bitsandbytes 4-bit NormalFloat: 16 levels of a normal distribution's quantiles × an absmax per block; see <see cref="GroupedInt2"/>.</summary>
    NF4,

    /// <summary>bitsandbytes 4-bit float (E2M1) × an absmax per block; see <see cref="GroupedInt2"/>.</summary>
    FP4,

    /// <summary>32 values: fp16 d, fp16 m, 16 bytes of nibbles (20 bytes); value = q·d + m.</summary>
    Q4_1,

    /// <summary>32 values: fp16 d, 4 bytes of fifth bits, 16 bytes of nibbles (22 bytes); value = (q − 16)·d.</summary>
    Q5_0,

    /// <summary>32 values: fp16 d, fp16 m, fifth bits, nibbles (24 bytes); value = q·d + m.</summary>
    Q5_1,

    /// <summary>256 values in 16 groups with 4-bit scales and mins, 2-bit codes (84 bytes).</summary>
    Q2_K,

    /// <summary>256 values in 16 groups with 6-bit scales, 3-bit codes (110 bytes).</summary>
    Q3_K,

    /// <summary>256 values in 8 groups with 6-bit scales and mins, 5-bit codes (176 bytes).</summary>
    Q5_K,

    /// <summary>256 values: float32 d, int8 codes, group sums (292 bytes); ggml's intermediate type, rare in files.</summary>
    Q8_K,

    /// <summary>256 values, 2.06 bits each: 8-value entries of a 256-entry grid, signs and scales apart (66 bytes).</summary>
    IQ2_XXS,

    /// <summary>256 values, 2.31 bits each: a 512-entry grid (74 bytes).</summary>
    IQ2_XS,

    /// <summary>256 values, 2.56 bits each: a 1024-entry grid (82 bytes).</summary>
    IQ2_S,

    /// <summary>256 values, 3.06 bits each: 4-value entries of a 256-entry grid (98 bytes).</summary>
    IQ3_XXS,

    /// <summary>256 values, 3.44 bits each: a 512-entry grid (110 bytes).</summary>
    IQ3_S,

    /// <summary>256 values, 1.56 bits each: ternary 8-value entries of a 2048-entry grid, shifted by ±1/8 (50 bytes).</summary>
    IQ1_S,

    /// <summary>256 values, 1.75 bits each: the IQ1_S grid with finer scales (56 bytes).</summary>
    IQ1_M,

    /// <summary>32 values: fp16 d, 16 bytes of nibbles indexing 16 non-uniform levels (18 bytes).</summary>
    IQ4_NL,

    /// <summary>256 values: the IQ4_NL levels with a 6-bit scale per 32 (136 bytes).</summary>
    IQ4_XS,

    /// <summary>256 ternary values, five a byte in base 3 (54 bytes).</summary>
    TQ1_0,

    /// <summary>256 ternary values, 2 bits each (66 bytes).</summary>
    TQ2_0,

    /// <summary>32 E2M1 values with an E8M0 power-of-two scale (17 bytes): OCP MXFP4, as gpt-oss ships.</summary>
    MXFP4,

    /// <summary>64 E2M1 values with an unsigned E4M3 scale per 16 (36 bytes): NVIDIA's NVFP4.</summary>
    NVFP4,

    /// <summary>128 values of ±d (18 bytes).</summary>
    Q1_0,

    /// <summary>64 values of (q − 1)·d, q in 0..3 (18 bytes).</summary>
    Q2_0,

    /// <summary>
    /// Signed 32-bit integer (safetensors only): GPTQ's and AWQ's packed words and group indices, read by their layout,
    /// never as values.
    /// </summary>
    I32,
}
