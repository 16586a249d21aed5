using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_q4_0: fp16 d, then 16 bytes whose low nibbles hold elements 0–15 and high nibbles elements 16–31;
/// value = (q − 8)·d. Encoding follows quantize_row_q4_0_ref, decoding dequantize_row_q4_0 (ggml/src/ggml-quants.c,
/// ggml-org/llama.cpp at 01243c587feceaa5d6a6c2305535ef2f549c48b8).
/// </summary>
internal static class Q4_0Codec
{
    public const int BlockSize = 32;
    public const int BytesPerBlock = 2 + (BlockSize / 2);

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        var blocks = values.Length / BlockSize;
        for (var block = 0; block < blocks; block++)
        {
            EncodeBlock(values.Slice(block * BlockSize, BlockSize), destination.Slice(block * BytesPerBlock, BytesPerBlock));
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> values)
    {
        var blocks = values.Length / BlockSize;
        for (var block = 0; block < blocks; block++)
        {
            var bytes = source.Slice(block * BytesPerBlock, BytesPerBlock);
            var output = values.Slice(block * BlockSize, BlockSize);
            var d = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes);
            for (var j = 0; j < BlockSize / 2; j++)
            {
                output[j] = ((bytes[2 + j] & 0x0F) - 8) * d;
                output[j + (BlockSize / 2)] = ((bytes[2 + j] >> 4) - 8) * d;
            }
        }
    }

    private static void EncodeBlock(ReadOnlySpan<float> x, Span<byte> output)
    {
        // d carries the sign of the largest-magnitude value so that value lands on code 0 (= −8·d), which gives
        // the asymmetric range [−8, 7] its extra level on the side that needs it.
        var amax = 0f;
        var max = 0f;
        for (var j = 0; j < BlockSize; j++)
        {
            if (amax < MathF.Abs(x[j]))
            {
                amax = MathF.Abs(x[j]);
                max = x[j];
            }
        }

        var d = max / -8f;
        var id = d != 0f ? 1f / d : 0f;
        BinaryPrimitives.WriteHalfLittleEndian(output, (Half)d);
        for (var j = 0; j < BlockSize / 2; j++)
        {
            var low = CodeOf(x[j] * id);
            var high = CodeOf(x[j + (BlockSize / 2)] * id);
            output[2 + j] = (byte)(low | (high << 4));
        }
    }

    /// <summary>ggml's MIN(15, (int8_t)(v + 8.5f)); the lower clamp only matters for NaN or overflowed input.</summary>
    private static int CodeOf(float scaled) => Math.Clamp((int)(scaled + 8.5f), 0, 15);
}
