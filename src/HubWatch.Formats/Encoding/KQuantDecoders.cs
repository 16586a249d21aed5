using System.Buffers.Binary;
using static HubWatch.Formats.Encoding.LegacyQuantDecoders;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// The k-quants of 256 values that HubWatch reads but does not write: Q2_K, Q3_K, Q5_K and Q8_K. Ports of
/// dequantize_row_q2_K, _q3_K, _q5_K and _q8_K (ggml/src/ggml-quants.c, ggml-org/ggml at
/// d99724f2b141fed9e1a9f402213506c081433465), operations in ggml's order so the floats match bit for bit.
/// </summary>
internal static class KQuantDecoders
{
    /// <summary>block_q2_K: 16 bytes of 4-bit scale|min pairs, 64 bytes of 2-bit codes, fp16 d, fp16 dmin (84 bytes).</summary>
    public static void DecodeQ2_K(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 84, 84);
            var (d, min) = (Half(x, 80), Half(x, 82));
            var y = values.Slice(block * 256, 256);
            var (next, scale) = (0, 0);
            for (var half = 0; half < 2; half++)
            {
                var q = x.Slice(16 + (half * 32), 32);
                for (var shift = 0; shift < 8; shift += 2)
                {
                    for (var part = 0; part < 2; part++)
                    {
                        var sc = x[scale++];
                        float dl = d * (sc & 0xF), ml = min * (sc >> 4);
                        for (var l = 0; l < 16; l++)
                            y[next++] = (dl * ((q[l + (16 * part)] >> shift) & 3)) - ml;
                    }
                }
            }
        }
    }

    /// <summary>block_q3_K: 32 bytes of high bits, 64 of 2-bit codes, 12 of 6-bit scales, fp16 d (110 bytes).</summary>
    public static void DecodeQ3_K(ReadOnlySpan<byte> source, Span<float> values)
    {
        Span<sbyte> scales = stackalloc sbyte[16];
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 110, 110);
            var dAll = Half(x, 108);
            UnpackQ3Scales(x.Slice(96, 12), scales);
            var hmask = x[..32];
            var y = values.Slice(block * 256, 256);
            var (next, scale, m) = (0, 0, 1);
            for (var half = 0; half < 2; half++)
            {
                var q = x.Slice(32 + (half * 32), 32);
                for (var shift = 0; shift < 8; shift += 2, m <<= 1)
                {
                    for (var part = 0; part < 2; part++)
                    {
                        var dl = dAll * (scales[scale++] - 32);
                        for (var l = 16 * part; l < 16 * (part + 1); l++)
                            y[next++] = dl * (((q[l] >> shift) & 3) - ((hmask[l] & m) != 0 ? 0 : 4));
                    }
                }
            }
        }
    }

    /// <summary>block_q5_K: fp16 d, fp16 dmin, 12 bytes of 6-bit scales and mins, 32 of fifth bits, 128 of nibbles (176 bytes).</summary>
    public static void DecodeQ5_K(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 176, 176);
            var (d, min) = (Half(x, 0), Half(x, 2));
            var packed = x.Slice(4, 12);
            var qh = x.Slice(16, 32);
            var y = values.Slice(block * 256, 256);
            for (int pair = 0, u1 = 1, u2 = 2; pair < 4; pair++, u1 <<= 2, u2 <<= 2)
            {
                var ql = x.Slice(48 + (32 * pair), 32);
                var (sc1, m1) = Q4_KCodec.ScaleAndMinOf(2 * pair, packed);
                var (sc2, m2) = Q4_KCodec.ScaleAndMinOf((2 * pair) + 1, packed);
                float d1 = d * sc1, min1 = min * m1, d2 = d * sc2, min2 = min * m2;
                for (var l = 0; l < 32; l++)
                {
                    y[(64 * pair) + l] = (d1 * ((ql[l] & 0xF) + ((qh[l] & u1) != 0 ? 16 : 0))) - min1;
                    y[(64 * pair) + 32 + l] = (d2 * ((ql[l] >> 4) + ((qh[l] & u2) != 0 ? 16 : 0))) - min2;
                }
            }
        }
    }

    /// <summary>block_q8_K: float32 d, 256 int8 codes, 16 int16 sums (292 bytes); value = d·q.</summary>
    public static void DecodeQ8_K(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 292, 292);
            var d = BinaryPrimitives.ReadSingleLittleEndian(x);
            for (var j = 0; j < 256; j++)
                values[(block * 256) + j] = d * (sbyte)x[4 + j];
        }
    }

    /// <summary>
    /// The sixteen 6-bit scales of Q3_K: low nibbles in bytes 0–7, the two high bits of each in bytes 8–11. ggml
    /// shuffles them as four little-endian words; this is that shuffle, word for word.
    /// </summary>
    private static void UnpackQ3Scales(ReadOnlySpan<byte> packed, Span<sbyte> scales)
    {
        const uint kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
        var (a0, a1, tmp) = (BinaryPrimitives.ReadUInt32LittleEndian(packed), BinaryPrimitives.ReadUInt32LittleEndian(packed[4..]), BinaryPrimitives.ReadUInt32LittleEndian(packed[8..]));
        Span<uint> aux =
        [
            (a0 & kmask2) | (((tmp >> 0) & kmask1) << 4),
            (a1 & kmask2) | (((tmp >> 2) & kmask1) << 4),
            ((a0 >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4),
            ((a1 >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4),
        ];
        for (var i = 0; i < 16; i++)
            scales[i] = (sbyte)(aux[i / 4] >> (8 * (i % 4)));
    }
}
