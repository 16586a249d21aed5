namespace HubWatch.Formats.Encoding;

/// <summary>
/// The two 8-bit floats of the OCP FP8 specification (Micikevicius et al., "FP8 Formats for Deep Learning", 2022,
/// table 1), as safetensors stores them (<c>F8_E4M3</c>, <c>F8_E5M2</c>; PyTorch's float8_e4m3fn and float8_e5m2):
/// <list type="bullet">
/// <item>E4M3: bias 7, no infinities, S.1111.111 is NaN; largest 448, smallest normal 2^−6, smallest subnormal 2^−9.</item>
/// <item>E5M2: bias 15, IEEE-like (infinities and NaNs); it is the upper byte of a binary16.</item>
/// </list>
/// Decoding is a 256-entry table. Encoding rounds to nearest, ties to even, and saturates at the largest finite value
/// (as NVIDIA Transformer Engine casts); NaN stays NaN.
/// </summary>
internal static class Fp8Codec
{
    private static readonly float[] E4M3 = Table(E4M3Value);
    private static readonly float[] E5M2 = Table(code => (float)BitConverter.UInt16BitsToHalf((ushort)(code << 8)));

    /// <summary>Non-negative finite values in code order (codes 0x00 upward), which is ascending order: encoding searches them.</summary>
    private static readonly float[] E4M3Positive = [.. E4M3.Take(0x7F)];
    private static readonly float[] E5M2Positive = [.. E5M2.Take(0x7C)];

    public static void DecodeE4M3(ReadOnlySpan<byte> source, Span<float> values) => Decode(E4M3, source, values);

    public static void DecodeE5M2(ReadOnlySpan<byte> source, Span<float> values) => Decode(E5M2, source, values);

    public static void EncodeE4M3(ReadOnlySpan<float> values, Span<byte> destination) => Encode(E4M3Positive, 0x7F, values, destination);

    public static void EncodeE5M2(ReadOnlySpan<float> values, Span<byte> destination) => Encode(E5M2Positive, 0x7E, values, destination);

    private static float E4M3Value(int code)
    {
        var sign = (code & 0x80) != 0 ? -1f : 1f;
        var exponent = (code >> 3) & 0xF;
        var mantissa = code & 0x7;
        if (exponent == 0xF && mantissa == 0x7)
            return float.NaN;
        return sign * (exponent == 0
            ? mantissa / 8f * MathF.Pow(2, -6) // subnormal
            : (1 + mantissa / 8f) * MathF.Pow(2, exponent - 7));
    }

    private static float[] Table(Func<int, float> value) => [.. Enumerable.Range(0, 256).Select(value)];

    private static void Decode(float[] table, ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
            values[i] = table[source[i]];
    }

    /// <param name="positive">The non-negative finite values, ascending; their index is their code.</param>
    /// <param name="nan">The code of a (positive) NaN.</param>
    private static void Encode(float[] positive, byte nan, ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (float.IsNaN(value))
            {
                destination[i] = nan;
                continue;
            }
            var magnitude = MathF.Abs(value);
            int code;
            if (magnitude >= positive[^1])
                code = positive.Length - 1; // saturate
            else
            {
                var above = Array.BinarySearch(positive, magnitude);
                if (above >= 0)
                    code = above;
                else
                {
                    above = ~above; // first value greater than the magnitude
                    var (low, high) = (positive[above - 1], positive[above]);
                    var toLow = magnitude - low;
                    var toHigh = high - magnitude;
                    // a tie goes to the even code (mantissa's last bit 0)
                    code = toLow < toHigh || (toLow == toHigh && (above - 1) % 2 == 0) ? above - 1 : above;
                }
            }
            destination[i] = (byte)(code | (float.IsNegative(value) ? 0x80 : 0));
        }
    }
}
