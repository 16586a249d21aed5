using System.Buffers.Binary;
using System.Numerics;
using static HubWatch.Formats.Encoding.LegacyQuantDecoders;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml's i-quants of 256 values: codes index the codebooks of <see cref="IQuantGrids"/> (8 or 4 values an entry)
/// with signs and 4-bit sub-block scales stored apart. Ports of dequantize_row_iq2_xxs, _iq2_xs, _iq2_s, _iq3_xxs,
/// _iq3_s, _iq1_s and _iq1_m (ggml/src/ggml-quants.c, ggml-org/ggml at d99724f2b141fed9e1a9f402213506c081433465),
/// operations in ggml's order so the floats match bit for bit.
/// </summary>
internal static class IQuantDecoders
{
    private const float Iq1Delta = 0.125f; // IQ1S_DELTA = IQ1M_DELTA

    /// <summary>block_iq2_xxs: fp16 d, then per 32 values two words: four grid indexes, and four 7-bit sign sets + a 4-bit scale (66 bytes).</summary>
    public static void DecodeIq2Xxs(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 66, 66);
            var d = Half(x, 0);
            for (var ib32 = 0; ib32 < 8; ib32++)
            {
                var indexes = x.Slice(2 + (8 * ib32), 4);
                var signsAndScale = BinaryPrimitives.ReadUInt32LittleEndian(x[(6 + (8 * ib32))..]);
                var db = d * (0.5f + (signsAndScale >> 28)) * 0.25f;
                for (var l = 0; l < 4; l++)
                    Signed(IQuantGrids.Iq2Xxs[indexes[l]], SignsOf((signsAndScale >> (7 * l)) & 127), db, values.Slice((block * 256) + (32 * ib32) + (8 * l), 8));
            }
        }
    }

    /// <summary>block_iq2_xs: fp16 d, 32 words of a 9-bit grid index + 7-bit sign set, 8 bytes of two 4-bit scales (74 bytes).</summary>
    public static void DecodeIq2Xs(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 74, 74);
            var d = Half(x, 0);
            for (var ib32 = 0; ib32 < 8; ib32++)
            {
                var scales = x[66 + ib32];
                for (var l = 0; l < 4; l++)
                {
                    var code = BinaryPrimitives.ReadUInt16LittleEndian(x[(2 + (2 * ((4 * ib32) + l)))..]);
                    var db = d * (0.5f + ((l < 2 ? scales : scales >> 4) & 0xF)) * 0.25f;
                    Signed(IQuantGrids.Iq2Xs[code & 511], SignsOf((uint)code >> 9), db, values.Slice((block * 256) + (32 * ib32) + (8 * l), 8));
                }
            }
        }
    }

    /// <summary>block_iq2_s: fp16 d, 32 low index bytes, 32 sign bytes, 8 bytes of high index bits, 8 of scales (82 bytes).</summary>
    public static void DecodeIq2S(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 82, 82);
            var d = Half(x, 0);
            ReadOnlySpan<byte> qs = x.Slice(2, 32), signs = x.Slice(34, 32), qh = x.Slice(66, 8), scales = x.Slice(74, 8);
            for (var ib32 = 0; ib32 < 8; ib32++)
            {
                for (var l = 0; l < 4; l++)
                {
                    var db = d * (0.5f + ((l < 2 ? scales[ib32] : scales[ib32] >> 4) & 0xF)) * 0.25f;
                    var index = qs[(4 * ib32) + l] | ((qh[ib32] << (8 - (2 * l))) & 0x300);
                    Signed(IQuantGrids.Iq2S[index], signs[(4 * ib32) + l], db, values.Slice((block * 256) + (32 * ib32) + (8 * l), 8));
                }
            }
        }
    }

    /// <summary>block_iq3_xxs: fp16 d, 64 grid index bytes, then per 32 values a word of four 7-bit sign sets + a 4-bit scale (98 bytes).</summary>
    public static void DecodeIq3Xxs(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 98, 98);
            var d = Half(x, 0);
            for (var ib32 = 0; ib32 < 8; ib32++)
            {
                var signsAndScale = BinaryPrimitives.ReadUInt32LittleEndian(x[(66 + (4 * ib32))..]);
                var db = d * (0.5f + (signsAndScale >> 28)) * 0.5f;
                for (var l = 0; l < 4; l++)
                {
                    var pair = x.Slice(2 + (8 * ib32) + (2 * l), 2);
                    var grid = IQuantGrids.Iq3Xxs[pair[0]] | ((ulong)IQuantGrids.Iq3Xxs[pair[1]] << 32);
                    Signed(grid, SignsOf((signsAndScale >> (7 * l)) & 127), db, values.Slice((block * 256) + (32 * ib32) + (8 * l), 8));
                }
            }
        }
    }

    /// <summary>block_iq3_s: fp16 d, 64 low index bytes, 8 of high index bits, 32 of signs, 4 of two 4-bit scales (110 bytes).</summary>
    public static void DecodeIq3S(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 110, 110);
            var d = Half(x, 0);
            ReadOnlySpan<byte> qs = x.Slice(2, 64), qh = x.Slice(66, 8), signs = x.Slice(74, 32), scales = x.Slice(106, 4);
            for (var ib32 = 0; ib32 < 8; ib32++)
            {
                var db = d * (1 + (2 * ((ib32 % 2 == 0 ? scales[ib32 / 2] : scales[ib32 / 2] >> 4) & 0xF)));
                for (var l = 0; l < 4; l++)
                {
                    var at = (8 * ib32) + (2 * l);
                    var first = qs[at] | ((qh[ib32] << (8 - (2 * l))) & 256);
                    var second = qs[at + 1] | ((qh[ib32] << (7 - (2 * l))) & 256);
                    var grid = IQuantGrids.Iq3S[first] | ((ulong)IQuantGrids.Iq3S[second] << 32);
                    Signed(grid, signs[(4 * ib32) + l], db, values.Slice((block * 256) + (32 * ib32) + (8 * l), 8));
                }
            }
        }
    }

    /// <summary>block_iq1_s: fp16 d, 32 low index bytes, 8 words of four 3-bit high index parts + a 3-bit scale + the delta's sign (50 bytes).</summary>
    public static void DecodeIq1S(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 50, 50);
            var d = Half(x, 0);
            for (var ib = 0; ib < 8; ib++)
            {
                var qh = BinaryPrimitives.ReadUInt16LittleEndian(x[(34 + (2 * ib))..]);
                var dl = d * ((2 * ((qh >> 12) & 7)) + 1);
                var delta = (qh & 0x8000) != 0 ? -Iq1Delta : Iq1Delta;
                for (var l = 0; l < 4; l++)
                {
                    var index = x[2 + (4 * ib) + l] | (((qh >> (3 * l)) & 7) << 8);
                    Shifted(IQuantGrids.Iq1S[index], delta, dl, values.Slice((block * 256) + (32 * ib) + (8 * l), 8));
                }
            }
        }
    }

    /// <summary>
    /// block_iq1_m: 32 low index bytes, 16 bytes of high index bits + delta signs, 8 bytes of 3-bit scales whose top
    /// nibbles together hold the fp16 d (56 bytes).
    /// </summary>
    public static void DecodeIq1M(ReadOnlySpan<byte> source, Span<float> values)
    {
        Span<ushort> sc = stackalloc ushort[4];
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 56, 56);
            for (var i = 0; i < 4; i++)
                sc[i] = BinaryPrimitives.ReadUInt16LittleEndian(x[(48 + (2 * i))..]);
            var bits = (ushort)((sc[0] >> 12) | ((sc[1] >> 8) & 0x00F0) | ((sc[2] >> 4) & 0x0F00) | (sc[3] & 0xF000));
            var d = (float)BitConverter.UInt16BitsToHalf(bits);
            for (var ib = 0; ib < 8; ib++)
            {
                var shift = 6 * (ib % 2);
                var dl1 = d * ((2 * ((sc[ib / 2] >> shift) & 0x7)) + 1);
                var dl2 = d * ((2 * ((sc[ib / 2] >> (shift + 3)) & 0x7)) + 1);
                ReadOnlySpan<byte> qs = x.Slice(4 * ib, 4), qh = x.Slice(32 + (2 * ib), 2);
                for (var l = 0; l < 4; l++)
                {
                    // two index parts a byte: the low nibble's 3 bits for the first group, the high nibble's for the second
                    var h = qh[l / 2] >> (l % 2 == 0 ? 0 : 4);
                    var index = qs[l] | ((h & 7) << 8);
                    var delta = (h & 0x08) != 0 ? -Iq1Delta : Iq1Delta;
                    Shifted(IQuantGrids.Iq1S[index], delta, l < 2 ? dl1 : dl2, values.Slice((block * 256) + (32 * ib) + (8 * l), 8));
                }
            }
        }
    }

    /// <summary>IQ2/IQ3: value j = db · grid byte j · (−1 if sign bit j is set).</summary>
    private static void Signed(ulong grid, int signs, float db, Span<float> y)
    {
        for (var j = 0; j < 8; j++)
            y[j] = db * (byte)(grid >> (8 * j)) * ((signs & (1 << j)) != 0 ? -1f : 1f);
    }

    /// <summary>IQ1: value j = dl · (signed grid byte j + delta).</summary>
    private static void Shifted(ulong grid, float delta, float dl, Span<float> y)
    {
        for (var j = 0; j < 8; j++)
            y[j] = dl * ((sbyte)(grid >> (8 * j)) + delta);
    }

    /// <summary>ggml's ksigns_iq2xs: seven stored sign bits, the eighth chosen so that the count of minus signs is even.</summary>
    private static int SignsOf(uint seven) => (int)seven | ((BitOperations.PopCount(seven) & 1) << 7);
}
