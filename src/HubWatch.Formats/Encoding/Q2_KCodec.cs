using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_q2_K (ggml-common.h): 16 bytes of 4-bit scale|min pairs, 64 bytes of 2-bit codes, fp16 d, fp16 dmin (84
/// bytes); group j of 16 values decodes as d·sc_j·q − dmin·m_j. Encoding is a port of quantize_row_q2_K_ref, decoding
/// of dequantize_row_q2_K (ggml/src/ggml-quants.c, ggml-org/ggml at d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class Q2_KCodec
{
    public const int BlockSize = 256;
    public const int BytesPerBlock = 84;

    private const int Groups = 16;
    private const int CodesOffset = 16;
    private const int DOffset = 80;
    private const float FourBitScale = 15f;

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        var scratch = KQuantSuperBlock.NewScratch(stackalloc byte[BlockSize], stackalloc byte[16], stackalloc float[16], stackalloc float[Groups], stackalloc float[Groups]);
        for (var block = 0; block < values.Length / BlockSize; block++)
            EncodeBlock(values.Slice(block * BlockSize, BlockSize), destination.Slice(block * BytesPerBlock, BytesPerBlock), scratch);
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / BlockSize; block++)
        {
            var x = source.Slice(block * BytesPerBlock, BytesPerBlock);
            var d = (float)BinaryPrimitives.ReadHalfLittleEndian(x[DOffset..]);
            var min = (float)BinaryPrimitives.ReadHalfLittleEndian(x[(DOffset + 2)..]);
            var y = values.Slice(block * BlockSize, BlockSize);
            var (next, scale) = (0, 0);
            for (var half = 0; half < 2; half++)
            {
                var q = x.Slice(CodesOffset + (half * 32), 32);
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

    private static void EncodeBlock(ReadOnlySpan<float> x, Span<byte> output, KQuantSuperBlock.Scratch scratch)
    {
        Span<byte> levels = scratch.Levels;
        Span<float> scales = scratch.Scales, mins = scratch.Mins;
        float maxScale = 0, maxMin = 0;
        for (var j = 0; j < Groups; j++)
        {
            var group = x.Slice(16 * j, 16);
            for (var l = 0; l < 16; l++)
                scratch.Weights[l] = MathF.Abs(group[l]);
            scales[j] = Qkx2ScaleSearch.Fit(3, group, scratch.Weights, levels.Slice(16 * j, 16), out mins[j], scratch.ScratchLevels, -0.5f, 0.1f, 15, true);
            maxScale = Math.Max(maxScale, scales[j]);
            maxMin = Math.Max(maxMin, mins[j]);
        }

        var packed = output[..Groups];
        packed.Clear();
        if (maxScale > 0)
        {
            var iscale = FourBitScale / maxScale;
            for (var j = 0; j < Groups; j++)
                packed[j] = unchecked((byte)GgmlRounding.NearestInt(iscale * scales[j]));
        }
        BinaryPrimitives.WriteHalfLittleEndian(output[DOffset..], (Half)(maxScale > 0 ? maxScale / FourBitScale : 0f));
        if (maxMin > 0)
        {
            var iscale = FourBitScale / maxMin;
            for (var j = 0; j < Groups; j++)
                packed[j] |= unchecked((byte)(GgmlRounding.NearestInt(iscale * mins[j]) << 4));
        }
        BinaryPrimitives.WriteHalfLittleEndian(output[(DOffset + 2)..], (Half)(maxMin > 0 ? maxMin / FourBitScale : 0f));

        // codes again, against the scales as stored; a group whose stored scale is 0 keeps the fit's codes, as in ggml
        var (d16, dmin16) = ((float)BinaryPrimitives.ReadHalfLittleEndian(output[DOffset..]), (float)BinaryPrimitives.ReadHalfLittleEndian(output[(DOffset + 2)..]));
        for (var j = 0; j < Groups; j++)
        {
            var d = d16 * (packed[j] & 0xF);
            if (d == 0)
                continue;
            var dm = dmin16 * (packed[j] >> 4);
            for (var i = 0; i < 16; i++)
                levels[(16 * j) + i] = (byte)Math.Max(0, Math.Min(3, GgmlRounding.NearestInt((x[(16 * j) + i] + dm) / d)));
        }

        var codes = output.Slice(CodesOffset, 64);
        for (var j = 0; j < BlockSize; j += 128)
        {
            for (var l = 0; l < 32; l++)
                codes[(j / 4) + l] = (byte)(levels[j + l] | (levels[j + l + 32] << 2) | (levels[j + l + 64] << 4) | (levels[j + l + 96] << 6));
        }
    }
}
