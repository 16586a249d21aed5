using static HubWatch.Formats.Encoding.LegacyQuantDecoders;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml's ternary types of 256 values (BitNet b1.58 models): TQ1_0 packs five trits a byte in base 3, TQ2_0 four
/// 2-bit codes a byte; value = (t − 1)·d. Ports of dequantize_row_tq1_0 / _tq2_0 (ggml/src/ggml-quants.c,
/// ggml-org/ggml at d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class TernaryDecoders
{
    private static ReadOnlySpan<byte> PowersOf3 => [1, 3, 9, 27, 81, 243];

    /// <summary>block_tq1_0: 48 bytes of five trits, 4 bytes of four trits, fp16 d (54 bytes).</summary>
    public static void DecodeTQ1_0(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 54, 54);
            var d = Half(x, 52);
            var next = block * 256;
            // ggml walks the 48 bytes as a run of 32 then a run of 16, each trit position across the whole run
            foreach (var (start, length, trits) in (ReadOnlySpan<(int, int, int)>)[(0, 32, 5), (32, 16, 5), (48, 4, 4)])
            {
                for (var n = 0; n < trits; n++)
                {
                    for (var m = start; m < start + length; m++)
                        values[next++] = Trit((byte)(x[m] * PowersOf3[n])) * d;
                }
            }
        }
    }

    /// <summary>block_tq2_0: 64 bytes of 2-bit codes, fp16 d (66 bytes).</summary>
    public static void DecodeTQ2_0(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 66, 66);
            var d = Half(x, 64);
            var next = block * 256;
            for (var j = 0; j < 64; j += 32)
            {
                for (var shift = 0; shift < 8; shift += 2)
                {
                    for (var m = 0; m < 32; m++)
                        values[next++] = (float)(((x[j + m] >> shift) & 3) - 1) * d;
                }
            }
        }
    }

    // The byte, shifted left by n trits (mod 256), holds trit n as a fixed-point fraction: its top trit is (q·3) >> 8.
    private static float Trit(byte shifted) => (float)(((shifted * 3) >> 8) - 1);
}
