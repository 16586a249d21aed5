using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml's one-scale block types that HubWatch reads but never writes: Q4_1, Q5_0, Q5_1 (32 values a block) and the
/// newer Q1_0 (128) and Q2_0 (64). Ports of dequantize_row_q4_1 … dequantize_row_q2_0 (ggml/src/ggml-quants.c,
/// ggml-org/ggml at d99724f2b141fed9e1a9f402213506c081433465): same operations in the same order, so the floats match
/// bit for bit (GgmlReference/MANIFEST.md).
/// </summary>
internal static class LegacyQuantDecoders
{
    /// <summary>block_q4_1: fp16 d, fp16 m, 16 bytes of nibbles; value = q·d + m.</summary>
    public static void DecodeQ4_1(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int block = 0, at = 0; block < values.Length / 32; block++, at += 20)
        {
            var (d, m) = (Half(source, at), Half(source, at + 2));
            var y = values.Slice(block * 32, 32);
            for (var j = 0; j < 16; j++)
            {
                var q = source[at + 4 + j];
                y[j] = ((q & 0x0F) * d) + m;
                y[j + 16] = ((q >> 4) * d) + m;
            }
        }
    }

    /// <summary>block_q5_0: fp16 d, 32 fifth bits, 16 bytes of nibbles; value = (q − 16)·d.</summary>
    public static void DecodeQ5_0(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int block = 0, at = 0; block < values.Length / 32; block++, at += 22)
            DecodeFiveBits(source.Slice(at + 2, 20), Half(source, at), null, values.Slice(block * 32, 32));
    }

    /// <summary>block_q5_1: fp16 d, fp16 m, 32 fifth bits, 16 bytes of nibbles; value = q·d + m.</summary>
    public static void DecodeQ5_1(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int block = 0, at = 0; block < values.Length / 32; block++, at += 24)
            DecodeFiveBits(source.Slice(at + 4, 20), Half(source, at), Half(source, at + 2), values.Slice(block * 32, 32));
    }

    /// <summary>block_q1_0: fp16 d, 128 sign bits; value = ±d.</summary>
    public static void DecodeQ1_0(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int block = 0, at = 0; block < values.Length / 128; block++, at += 18)
        {
            var d = Half(source, at);
            for (var j = 0; j < 128; j++)
                values[(block * 128) + j] = ((source[at + 2 + (j / 8)] >> (j % 8)) & 1) != 0 ? d : -d;
        }
    }

    /// <summary>block_q2_0: fp16 d, 64 two-bit codes, lowest bits first; value = (q − 1)·d.</summary>
    public static void DecodeQ2_0(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int block = 0, at = 0; block < values.Length / 64; block++, at += 18)
        {
            var d = Half(source, at);
            for (var j = 0; j < 64; j++)
                values[(block * 64) + j] = (((source[at + 2 + (j / 4)] >> (j % 4 * 2)) & 3) - 1) * d;
        }
    }

    // qh (4 bytes, little-endian) holds the fifth bit of value j at bit j; then 16 bytes, low nibbles the first half.
    // Without a min the codes are centred on 16 and nothing is added: q·d + 0 would turn ggml's −0 into +0.
    private static void DecodeFiveBits(ReadOnlySpan<byte> highBitsThenNibbles, float d, float? min, Span<float> y)
    {
        var offset = min is null ? -16 : 0;
        var qh = BinaryPrimitives.ReadUInt32LittleEndian(highBitsThenNibbles);
        for (var j = 0; j < 16; j++)
        {
            var q = highBitsThenNibbles[4 + j];
            var low = (q & 0x0F) | (int)(((qh >> j) << 4) & 0x10);
            var high = (q >> 4) | (int)((qh >> (j + 12)) & 0x10);
            (y[j], y[j + 16]) = min is { } m
                ? (((low + offset) * d) + m, ((high + offset) * d) + m)
                : ((low + offset) * d, (high + offset) * d);
        }
    }

    internal static float Half(ReadOnlySpan<byte> source, int at) => (float)BinaryPrimitives.ReadHalfLittleEndian(source[at..]);
}
