namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_q5_K (ggml-common.h): the <see cref="KQuantSuperBlock"/> header, 32 bytes of fifth bits, 128 bytes of
/// nibbles (176 bytes). Encoding is a port of quantize_row_q5_K_ref, decoding of dequantize_row_q5_K
/// (ggml/src/ggml-quants.c, ggml-org/ggml at d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class Q5_KCodec
{
    public const int BlockSize = KQuantSuperBlock.BlockSize;
    public const int BytesPerBlock = KQuantSuperBlock.HeaderBytes + 32 + (BlockSize / 2);

    private const int HighBitsOffset = KQuantSuperBlock.HeaderBytes;
    private const int CodesOffset = HighBitsOffset + 32;

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        var scratch = KQuantSuperBlock.NewScratch(stackalloc byte[BlockSize], stackalloc byte[32], stackalloc float[32], stackalloc float[8], stackalloc float[8]);
        for (var block = 0; block < values.Length / BlockSize; block++)
        {
            var output = destination.Slice(block * BytesPerBlock, BytesPerBlock);
            KQuantSuperBlock.Fit(values.Slice(block * BlockSize, BlockSize), output, 31, -0.5f, 15, scratch);
            var highBits = output.Slice(HighBitsOffset, 32);
            highBits.Clear();
            // pair p: sub-blocks 2p and 2p + 1 share 32 bytes of nibbles; their fifth bits are bits 2p and 2p + 1 of qh
            for (var pair = 0; pair < 4; pair++)
            {
                for (var j = 0; j < 32; j++)
                {
                    int low = scratch.Levels[(64 * pair) + j], high = scratch.Levels[(64 * pair) + 32 + j];
                    if (low > 15)
                    {
                        low -= 16;
                        highBits[j] |= (byte)(1 << (2 * pair));
                    }
                    if (high > 15)
                    {
                        high -= 16;
                        highBits[j] |= (byte)(2 << (2 * pair));
                    }
                    output[CodesOffset + (32 * pair) + j] = (byte)(low | (high << 4));
                }
            }
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / BlockSize; block++)
        {
            var x = source.Slice(block * BytesPerBlock, BytesPerBlock);
            var qh = x.Slice(HighBitsOffset, 32);
            for (int pair = 0, u1 = 1, u2 = 2; pair < 4; pair++, u1 <<= 2, u2 <<= 2)
            {
                var ql = x.Slice(CodesOffset + (32 * pair), 32);
                var (d1, min1) = KQuantSuperBlock.StepOf(2 * pair, x);
                var (d2, min2) = KQuantSuperBlock.StepOf((2 * pair) + 1, x);
                var y = values.Slice((block * BlockSize) + (64 * pair), 64);
                for (var l = 0; l < 32; l++)
                {
                    y[l] = (d1 * ((ql[l] & 0xF) + ((qh[l] & u1) != 0 ? 16 : 0))) - min1;
                    y[32 + l] = (d2 * ((ql[l] >> 4) + ((qh[l] & u2) != 0 ? 16 : 0))) - min2;
                }
            }
        }
    }
}
