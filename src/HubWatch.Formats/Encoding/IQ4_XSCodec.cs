using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_iq4_xs (ggml-common.h): fp16 d, 16 bits of scale high parts, 4 bytes of scale low nibbles, 128 bytes of
/// nibbles (136 bytes); the nibble indexes the 16 non-uniform levels of <see cref="NonLinearQuantDecoders.Levels"/>,
/// each 32 values scaled by d·(ls − 32). Encoding is a port of quantize_row_iq4_xs_ref (quantize_row_iq4_nl_impl with
/// no importance matrix, 7 tries), decoding of dequantize_row_iq4_xs (ggml/src/ggml-quants.c, ggml-org/ggml at
/// d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class IQ4_XSCodec
{
    public const int BlockSize = 256;
    public const int BytesPerBlock = 136;

    private const int Tries = 7;
    private const float GroupMaxEps = 1e-15f;

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        Span<byte> levels = stackalloc byte[BlockSize];
        Span<float> scales = stackalloc float[8];
        for (var block = 0; block < values.Length / BlockSize; block++)
            EncodeBlock(values.Slice(block * BlockSize, BlockSize), destination.Slice(block * BytesPerBlock, BytesPerBlock), levels, scales);
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / BlockSize; block++)
        {
            var x = source.Slice(block * BytesPerBlock, BytesPerBlock);
            var d = (float)BinaryPrimitives.ReadHalfLittleEndian(x);
            var scalesHigh = BinaryPrimitives.ReadUInt16LittleEndian(x[2..]);
            for (var ib = 0; ib < 8; ib++)
            {
                var ls = ((x[4 + (ib / 2)] >> (4 * (ib % 2))) & 0xF) | (((scalesHigh >> (2 * ib)) & 3) << 4);
                NonLinearQuantDecoders.DecodeNibbles(x.Slice(8 + (16 * ib), 16), d * (ls - 32), values.Slice((block * BlockSize) + (32 * ib), 32));
            }
        }
    }

    private static void EncodeBlock(ReadOnlySpan<float> x, Span<byte> output, Span<byte> levels, Span<float> scales)
    {
        var table = NonLinearQuantDecoders.Levels;
        output.Clear();
        float maxScale = 0, amaxScale = 0;
        for (var ib = 0; ib < 8; ib++)
        {
            var xb = x.Slice(32 * ib, 32);
            float amax = 0, max = 0;
            for (var j = 0; j < 32; j++)
            {
                var ax = MathF.Abs(xb[j]);
                if (ax > amax)
                {
                    amax = ax;
                    max = xb[j];
                }
            }
            if (amax < GroupMaxEps)
            {
                scales[ib] = 0;
                continue;
            }

            // weights x², the search of quantize_row_iq4_nl_impl without an importance matrix
            var d = -max / table[0];
            var (sumQx, sumQ2) = Sums(xb, 1 / d, levels.Slice(32 * ib, 32));
            d = sumQ2 > 0 ? sumQx / sumQ2 : 0f;
            var best = d * sumQx;
            for (var attempt = -Tries; attempt <= Tries; attempt++)
            {
                (sumQx, sumQ2) = Sums(xb, (attempt + table[0]) / max, default);
                if (sumQ2 > 0 && sumQx * sumQx > best * sumQ2)
                {
                    d = sumQx / sumQ2;
                    best = d * sumQx;
                }
            }
            scales[ib] = d;
            if (MathF.Abs(d) > amaxScale)
            {
                amaxScale = MathF.Abs(d);
                maxScale = d;
            }
        }

        var superScale = -maxScale / 32;
        BinaryPrimitives.WriteHalfLittleEndian(output, (Half)superScale);
        var inverse = superScale != 0 ? 1 / superScale : 0f;
        ushort scalesHigh = 0;
        for (var ib = 0; ib < 8; ib++)
        {
            var l = Math.Max(-32, Math.Min(31, GgmlRounding.NearestInt(inverse * scales[ib])));
            var dl = superScale * l;
            var idl = dl != 0 ? 1 / dl : 0f;
            for (var j = 0; j < 32; j++)
                levels[(32 * ib) + j] = (byte)BestIndex(table, idl * x[(32 * ib) + j]);
            l += 32;
            output[4 + (ib / 2)] |= (byte)((l & 0xF) << (4 * (ib % 2)));
            scalesHigh |= (ushort)((l >> 4) << (2 * ib));
        }
        BinaryPrimitives.WriteUInt16LittleEndian(output[2..], scalesHigh);

        for (var i = 0; i < 8; i++)
        {
            for (var j = 0; j < 16; j++)
                output[8 + (16 * i) + j] = (byte)(levels[(32 * i) + j] | (levels[(32 * i) + 16 + j] << 4));
        }
    }

    /// <summary>Σ w·q·x and Σ w·q² (w = x²) of the levels nearest id·x; the levels kept when <paramref name="chosen"/> is given.</summary>
    private static (float SumQx, float SumQ2) Sums(ReadOnlySpan<float> xb, float id, Span<byte> chosen)
    {
        var table = NonLinearQuantDecoders.Levels;
        float sumQx = 0, sumQ2 = 0;
        for (var j = 0; j < xb.Length; j++)
        {
            var l = BestIndex(table, id * xb[j]);
            if (!chosen.IsEmpty)
                chosen[j] = (byte)l;
            float q = table[l], w = xb[j] * xb[j];
            sumQx += w * q * xb[j];
            sumQ2 += w * q * q;
        }
        return (sumQx, sumQ2);
    }

    /// <summary>ggml's best_index_int8: the level nearest x by bisection, the lower one on a tie.</summary>
    private static int BestIndex(ReadOnlySpan<sbyte> values, float x)
    {
        if (x <= values[0])
            return 0;
        if (x >= values[^1])
            return values.Length - 1;
        int low = 0, high = values.Length - 1;
        while (high - low > 1)
        {
            var middle = (low + high) / 2;
            if (x < values[middle])
                high = middle;
            else
                low = middle;
        }
        return x - values[high - 1] < values[high] - x ? high - 1 : high;
    }
}
