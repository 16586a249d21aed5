using System.Buffers.Binary;
using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Tests.Encoding;

/// <summary>
/// Error bounds derived from the block formats, computed from a block's own bytes.
/// The stored scale is the fp16 rounding of ggml's float scale, so every bound carries, besides the half step of
/// rounding to the nearest code, |code| times the fp16 rounding error of the scale (at most half an fp16 ulp).
/// </summary>
internal static class QuantizationBounds
{
    /// <summary>Q8_0: |x̂ − x| ≤ d/2 + |q|·ulp(d)/2 (the scale's fp16 rounding), plus float rounding slack.</summary>
    public static float Q8_0(ReadOnlySpan<byte> block, int index)
    {
        var d = MathF.Abs((float)BinaryPrimitives.ReadHalfLittleEndian(block));
        var code = Math.Abs((int)unchecked((sbyte)block[2 + index]));
        var h = HalfUlp(d);
        return ((d + h) / 2) + (code * h) + Slack(code * d);
    }

    /// <summary>
    /// Q4_0: codes −8..7 times d, with d's sign chosen so the largest-magnitude value is −8·d. Inside the grid the
    /// error is ≤ d/2; a value near +8·d has no code and lands on 7·d (code 15), so there the bound is one step.
    /// </summary>
    public static float Q4_0(ReadOnlySpan<byte> block, int index)
    {
        var d = MathF.Abs((float)BinaryPrimitives.ReadHalfLittleEndian(block));
        var nibble = index < 16 ? block[2 + index] & 0xF : block[2 + index - 16] >> 4;
        var h = HalfUlp(d);
        var rounding = nibble == 15 ? d + h : (d + h) / 2;
        return rounding + (8 * h) + Slack(8 * d);
    }

    /// <summary>
    /// Q4_K, for a value whose sub-block grid has spacing <paramref name="step"/> = d·sc and offset
    /// <paramref name="offsetLevel"/> = −dmin·m (the level of code 0). 1.5 steps on the grid ggml fitted: half a step
    /// of rounding plus up to one step where that grid clips the sub-block's extremes (make_qkx2_quants tries grids
    /// stretched by up to ±1 of 15 levels, and the 6-bit sub-block scale and min round by up to half a unit). Then
    /// the fp16 rounding of d (relative r_d) moves a level by at most 15·sc·|Δd| and stretches the step by (1 + r_d);
    /// that of dmin moves it by m·|Δdmin| = |offset|·r_dmin.
    /// </summary>
    public static float Q4_K(ReadOnlySpan<byte> block, float step, float offsetLevel)
    {
        var relativeD = RelativeHalfRounding((float)BinaryPrimitives.ReadHalfLittleEndian(block));
        var relativeDmin = RelativeHalfRounding((float)BinaryPrimitives.ReadHalfLittleEndian(block[2..]));
        return (step * ((1.5f * (1 + relativeD)) + (15 * relativeD))) + (MathF.Abs(offsetLevel) * relativeDmin);
    }

    /// <summary>
    /// Q6_K: one step on the grid ggml fitted (half a step of rounding plus at most half a step of clipping:
    /// make_qx_quants stretches the grid by at most 0.9 of 32 levels, the int8 sub-block scale rounds by at most
    /// half a unit of 128), then the fp16 rounding of d: a level moves by at most 32·sc·|Δd| and the step stretches
    /// by (1 + r_d).
    /// </summary>
    public static float Q6_K(ReadOnlySpan<byte> block, float step)
    {
        var relativeD = RelativeHalfRounding((float)BinaryPrimitives.ReadHalfLittleEndian(block[208..]));
        return step * (1 + (33 * relativeD));
    }

    /// <summary>Half an fp16 ulp relative to the value: 2⁻¹¹ for normal numbers, much more for fp16 subnormals.</summary>
    public static float RelativeHalfRounding(float d) => d == 0 ? 0 : HalfUlp(d) / MathF.Abs(d);

    /// <summary>Half the gap from |d| to the next fp16 above it: the most the stored scale can differ from the float one.</summary>
    public static float HalfUlp(float d)
    {
        var half = (Half)MathF.Abs(d);
        return ((float)Half.BitIncrement(half) - (float)half) / 2;
    }

    /// <summary>A few float32 roundings on a quantity of this size.</summary>
    public static float Slack(float magnitude) => (MathF.Abs(magnitude) * 1e-6f) + 1e-30f;

    /// <summary>
    /// The decoded value of every possible code, per element, found by writing that code into all code slots of the
    /// encoded blocks and decoding: the grid exactly as the decoder (itself pinned to ggml) sees it.
    /// </summary>
    public static float[][] LevelsPerCode(TensorType type, ReadOnlySpan<byte> encoded, int elements)
    {
        var codes = type == TensorType.Q4_K ? 16 : 64;
        var levels = new float[codes][];
        var blockBytes = TensorCodec.BytesPerBlock(type);
        var copy = encoded.ToArray();
        for (var code = 0; code < codes; code++)
        {
            for (var block = 0; block < copy.Length / blockBytes; block++)
            {
                WriteCodeEverywhere(type, copy.AsSpan(block * blockBytes, blockBytes), code);
            }

            levels[code] = new float[elements];
            TensorCodec.Decode(type, copy, levels[code]);
        }

        return levels;
    }

    private static void WriteCodeEverywhere(TensorType type, Span<byte> block, int code)
    {
        if (type == TensorType.Q4_K)
        {
            block.Slice(16, 128).Fill((byte)(code | (code << 4)));
            return;
        }

        // Q6_K: ql holds low nibbles (two per byte), qh the 2-bit high parts (four per byte).
        var low = code & 0xF;
        var high = code >> 4;
        block[..128].Fill((byte)(low | (low << 4)));
        block.Slice(128, 64).Fill((byte)(high | (high << 2) | (high << 4) | (high << 6)));
    }
}
