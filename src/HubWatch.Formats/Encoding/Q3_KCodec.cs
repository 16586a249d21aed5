using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_q3_K (ggml-common.h): 32 bytes of high bits, 64 of 2-bit codes, 12 of sixteen 6-bit signed scales, fp16
/// d (110 bytes); group j of 16 values decodes as d·(scale_j − 32)·(q − 4). Encoding is a port of
/// quantize_row_q3_K_ref, decoding of dequantize_row_q3_K (ggml/src/ggml-quants.c, ggml-org/ggml at
/// d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class Q3_KCodec
{
    public const int BlockSize = 256;
    public const int BytesPerBlock = 110;

    private const int Groups = 16;
    private const int CodesOffset = 32;
    private const int ScalesOffset = 96;
    private const int DOffset = 108;

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        Span<sbyte> levels = stackalloc sbyte[BlockSize];
        Span<float> scales = stackalloc float[Groups];
        for (var block = 0; block < values.Length / BlockSize; block++)
            EncodeBlock(values.Slice(block * BlockSize, BlockSize), destination.Slice(block * BytesPerBlock, BytesPerBlock), levels, scales);
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> values)
    {
        Span<sbyte> scales = stackalloc sbyte[Groups];
        for (var block = 0; block < values.Length / BlockSize; block++)
        {
            var x = source.Slice(block * BytesPerBlock, BytesPerBlock);
            var dAll = (float)BinaryPrimitives.ReadHalfLittleEndian(x[DOffset..]);
            UnpackScales(x.Slice(ScalesOffset, 12), scales);
            var hmask = x[..32];
            var y = values.Slice(block * BlockSize, BlockSize);
            var (next, scale, m) = (0, 0, 1);
            for (var half = 0; half < 2; half++)
            {
                var q = x.Slice(CodesOffset + (half * 32), 32);
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

    private static void EncodeBlock(ReadOnlySpan<float> x, Span<byte> output, Span<sbyte> levels, Span<float> scales)
    {
        float maxScale = 0, amax = 0;
        for (var j = 0; j < Groups; j++)
        {
            scales[j] = Q3ScaleSearch.Fit(4, x.Slice(16 * j, 16), levels.Slice(16 * j, 16));
            var scale = MathF.Abs(scales[j]);
            if (scale > amax)
            {
                amax = scale;
                maxScale = scales[j];
            }
        }

        var packed = output.Slice(ScalesOffset, 12);
        packed.Clear();
        if (maxScale != 0)
        {
            var iscale = -32f / maxScale;
            for (var j = 0; j < Groups; j++)
            {
                // int8_t l = nearest_int(…) in C: the byte cast wraps before the clamp
                var l = (sbyte)(Math.Max((sbyte)-32, Math.Min((sbyte)31, unchecked((sbyte)GgmlRounding.NearestInt(iscale * scales[j])))) + 32);
                if (j < 8)
                    packed[j] = (byte)(l & 0xF);
                else
                    packed[j - 8] |= (byte)((l & 0xF) << 4);
                l >>= 4;
                packed[(j % 4) + 8] |= (byte)(l << (2 * (j / 4)));
            }
            BinaryPrimitives.WriteHalfLittleEndian(output[DOffset..], (Half)(1 / iscale));
        }
        else
            BinaryPrimitives.WriteHalfLittleEndian(output[DOffset..], (Half)0f);

        // codes again, against the scales as stored
        var d16 = (float)BinaryPrimitives.ReadHalfLittleEndian(output[DOffset..]);
        for (var j = 0; j < Groups; j++)
        {
            var low = j < 8 ? packed[j] & 0xF : packed[j - 8] >> 4;
            var sc = (sbyte)((low | (((packed[8 + (j % 4)] >> (2 * (j / 4))) & 3) << 4)) - 32);
            var d = d16 * sc;
            if (d == 0)
                continue;
            for (var i = 0; i < 16; i++)
                levels[(16 * j) + i] = (sbyte)(Math.Max(-4, Math.Min(3, GgmlRounding.NearestInt(x[(16 * j) + i] / d))) + 4);
        }

        // the high bit of the first 32 codes goes to bit 0 of hmask[0..32), of the next 32 to bit 1, and so on
        var hmask = output[..32];
        hmask.Clear();
        for (var j = 0; j < BlockSize; j++)
        {
            if (levels[j] > 3)
            {
                hmask[j % 32] |= (byte)(1 << (j / 32));
                levels[j] -= 4;
            }
        }

        var codes = output.Slice(CodesOffset, 64);
        for (var j = 0; j < BlockSize; j += 128)
        {
            for (var l = 0; l < 32; l++)
                codes[(j / 4) + l] = (byte)((byte)levels[j + l] | ((byte)levels[j + l + 32] << 2) | ((byte)levels[j + l + 64] << 4) | ((byte)levels[j + l + 96] << 6));
        }
    }

    /// <summary>
    /// The sixteen 6-bit scales: low nibbles in bytes 0–7, the two high bits of each in bytes 8–11. ggml shuffles them as
    /// four little-endian words; this is that shuffle, word for word.
    /// </summary>
    private static void UnpackScales(ReadOnlySpan<byte> packed, Span<sbyte> scales)
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
