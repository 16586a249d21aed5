using static HubWatch.Formats.Encoding.LegacyQuantDecoders;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml's non-linear 4-bit levels, and IQ4_NL (32 values, one fp16 scale; IQ4_XS is <see cref="IQ4_XSCodec"/>): the
/// nibble indexes a fixed table of 16 levels. A port of dequantize_row_iq4_nl (ggml/src/ggml-quants.c, ggml-org/ggml at
/// d99724f2b141fed9e1a9f402213506c081433465).
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

    /// <summary>16 bytes of nibbles, low ones the first 16 values: d · level.</summary>
    internal static void DecodeNibbles(ReadOnlySpan<byte> codes, float d, Span<float> y)
    {
        for (var j = 0; j < 16; j++)
        {
            y[j] = d * Levels[codes[j] & 0xF];
            y[j + 16] = d * Levels[codes[j] >> 4];
        }
    }
}
