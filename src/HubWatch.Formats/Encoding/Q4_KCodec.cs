using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_q4_K (ggml/src/ggml-common.h): the <see cref="KQuantSuperBlock"/> header, then 128 bytes of nibbles
/// (144 bytes). Encoding is a port of quantize_row_q4_K_ref (no importance matrix), decoding of dequantize_row_q4_K
/// (ggml/src/ggml-quants.c, ggml-org/llama.cpp at 01243c587feceaa5d6a6c2305535ef2f549c48b8; unchanged at ggml-org/ggml
/// d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class Q4_KCodec
{
    public const int BlockSize = KQuantSuperBlock.BlockSize;
    public const int BytesPerBlock = KQuantSuperBlock.HeaderBytes + (BlockSize / 2);

    private const int CodesOffset = KQuantSuperBlock.HeaderBytes;

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        var scratch = KQuantSuperBlock.NewScratch(stackalloc byte[BlockSize], stackalloc byte[32], stackalloc float[32], stackalloc float[8], stackalloc float[8]);
        for (var block = 0; block < values.Length / BlockSize; block++)
        {
            var output = destination.Slice(block * BytesPerBlock, BytesPerBlock);
            KQuantSuperBlock.Fit(values.Slice(block * BlockSize, BlockSize), output, 15, -1f, 20, scratch);
            // one 32-byte run of codes serves two sub-blocks: low nibbles the first, high nibbles the second
            for (var pair = 0; pair < 4; pair++)
            {
                for (var l = 0; l < 32; l++)
                    output[CodesOffset + (pair * 32) + l] = (byte)(scratch.Levels[(pair * 64) + l] | (scratch.Levels[(pair * 64) + 32 + l] << 4));
            }
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / BlockSize; block++)
        {
            var bytes = source.Slice(block * BytesPerBlock, BytesPerBlock);
            for (var pair = 0; pair < 4; pair++)
            {
                var codes = bytes.Slice(CodesOffset + (pair * 32), 32);
                var (d1, m1) = KQuantSuperBlock.StepOf(2 * pair, bytes);
                var (d2, m2) = KQuantSuperBlock.StepOf((2 * pair) + 1, bytes);
                var output = values.Slice((block * BlockSize) + (pair * 64), 64);
                for (var l = 0; l < 32; l++)
                {
                    output[l] = (d1 * (codes[l] & 0xF)) - m1;
                    output[32 + l] = (d2 * (codes[l] >> 4)) - m2;
                }
            }
        }
    }
}
