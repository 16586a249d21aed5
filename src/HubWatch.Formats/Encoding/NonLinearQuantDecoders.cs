using static HubWatch.Formats.Encoding.LegacyQuantDecoders;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml's non-linear 4-bit types: IQ4_NL (32 values, one fp16 scale) and IQ4_XS (256 values, an fp16 scale and a
/// 6-bit scale per 32); the nibble indexes a fixed table of 16 levels. Ports of dequantize_row_iq4_nl / _iq4_xs
/// (ggml/src/ggml-quants.c, ggml-org/ggml at d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class NonLinearQuantDecoders
{
    /// <summary>ggml's kvalues_iq4nl (ggml-common.h).</summary>
    internal static ReadOnlySpan<sbyte> Levels => [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113];

    /// <summary>block_iq4_nl: fp16 d, 16 bytes of nibbles (18 bytes); value = d · level.</summary>
    public static void DecodeIq4Nl(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int block = 0, at = 0; block < values.Length / 32; block++, at += 18)
            DecodeNibbles(source.Slice(at + 2, 16), Half(source, at), values.Slice(block * 32, 32));
    }

    /// <summary>block_iq4_xs: fp16 d, 16 bits of scale high parts, 4 bytes of scale low nibbles, 128 bytes of nibbles (136 bytes).</summary>
    public static void DecodeIq4Xs(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 136, 136);
            var d = Half(x, 0);
            var scalesHigh = x[2] | (x[3] << 8);
            for (var ib = 0; ib < 8; ib++)
            {
                var ls = ((x[4 + (ib / 2)] >> (4 * (ib % 2))) & 0xF) | (((scalesHigh >> (2 * ib)) & 3) << 4);
                DecodeNibbles(x.Slice(8 + (16 * ib), 16), d * (ls - 32), values.Slice((block * 256) + (32 * ib), 32));
            }
        }
    }

    private static void DecodeNibbles(ReadOnlySpan<byte> codes, float d, Span<float> y)
    {
        for (var j = 0; j < 16; j++)
        {
            y[j] = d * Levels[codes[j] & 0xF];
            y[j + 16] = d * Levels[codes[j] >> 4];
        }
    }
}
