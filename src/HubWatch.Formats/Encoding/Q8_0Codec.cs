using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_q8_0 (ggml/src/ggml-common.h): fp16 d, then 32 int8 codes; value = q·d. Encoding follows
/// quantize_row_q8_0_ref and decoding dequantize_row_q8_0 (ggml/src/ggml-quants.c, ggml-org/llama.cpp at
/// 01243c587feceaa5d6a6c2305535ef2f549c48b8): the bytes match the reference, which is what llama.cpp and gguf-py
/// write for Q8_0.
/// </summary>
internal static class Q8_0Codec
{
    public const int BlockSize = 32;
    public const int BytesPerBlock = 2 + BlockSize;

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
            for (var j = 0; j < BlockSize; j++)
            {
                output[j] = unchecked((sbyte)bytes[2 + j]) * d;
            }
        }
    }

    private static void EncodeBlock(ReadOnlySpan<float> x, Span<byte> output)
    {
        var amax = 0f;
        for (var j = 0; j < BlockSize; j++)
        {
            amax = MathF.Max(amax, MathF.Abs(x[j]));
        }

        // The inverse comes from the unrounded float d, the stored d is its fp16 rounding: exactly as ggml does.
        var d = amax / 127f;
        var id = d != 0f ? 1f / d : 0f;
        BinaryPrimitives.WriteHalfLittleEndian(output, (Half)d);
        for (var j = 0; j < BlockSize; j++)
        {
            var code = GgmlRounding.RoundHalfAwayFromZero(x[j] * id);
            output[2 + j] = unchecked((byte)(sbyte)Math.Clamp((int)code, sbyte.MinValue, sbyte.MaxValue));
        }
    }
}
