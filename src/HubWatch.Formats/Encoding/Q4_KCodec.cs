using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_q4_K (ggml/src/ggml-common.h): fp16 d, fp16 dmin, 12 bytes packing eight 6-bit scales and eight
/// 6-bit mins (get_scale_min_k4), then 128 bytes of nibbles; sub-block j of 32 values decodes as
/// d·sc_j·q − dmin·m_j. Encoding is a port of quantize_row_q4_K_ref (no importance matrix), decoding of
/// dequantize_row_q4_K (ggml/src/ggml-quants.c, ggml-org/llama.cpp at 01243c587feceaa5d6a6c2305535ef2f549c48b8).
/// </summary>
internal static class Q4_KCodec
{
    public const int BlockSize = 256;
    public const int BytesPerBlock = 2 + 2 + ScaleBytes + (BlockSize / 2);

    private const int SubBlockSize = 32;
    private const int SubBlocks = BlockSize / SubBlockSize;
    private const int ScaleBytes = 12;
    private const int ScalesOffset = 4;
    private const int CodesOffset = ScalesOffset + ScaleBytes;

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        // Scratch lives on the stack once per call: encoding tens of MB must not allocate per block.
        var scratch = new EncoderScratch(
            stackalloc byte[BlockSize],
            stackalloc byte[SubBlockSize],
            stackalloc float[SubBlockSize],
            stackalloc float[SubBlocks],
            stackalloc float[SubBlocks]);
        var blocks = values.Length / BlockSize;
        for (var block = 0; block < blocks; block++)
        {
            EncodeBlock(values.Slice(block * BlockSize, BlockSize), destination.Slice(block * BytesPerBlock, BytesPerBlock), scratch);
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> values)
    {
        var blocks = values.Length / BlockSize;
        for (var block = 0; block < blocks; block++)
        {
            DecodeBlock(source.Slice(block * BytesPerBlock, BytesPerBlock), values.Slice(block * BlockSize, BlockSize));
        }
    }

    /// <summary>ggml's get_scale_min_k4: the first four pairs are plain 6-bit fields, the last four borrow the top bits.</summary>
    internal static (byte Scale, byte Min) ScaleAndMinOf(int subBlock, ReadOnlySpan<byte> packed)
    {
        if (subBlock < 4)
        {
            return ((byte)(packed[subBlock] & 63), (byte)(packed[subBlock + 4] & 63));
        }

        var scale = (packed[subBlock + 4] & 0xF) | ((packed[subBlock - 4] >> 6) << 4);
        var min = (packed[subBlock + 4] >> 4) | ((packed[subBlock] >> 6) << 4);
        return ((byte)scale, (byte)min);
    }

    private static void DecodeBlock(ReadOnlySpan<byte> bytes, Span<float> output)
    {
        var d = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes);
        var dmin = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[2..]);
        var packed = bytes.Slice(ScalesOffset, ScaleBytes);
        for (var pair = 0; pair < SubBlocks / 2; pair++)
        {
            // One 32-byte run of codes serves two sub-blocks: low nibbles the first, high nibbles the second.
            var codes = bytes.Slice(CodesOffset + (pair * 32), 32);
            var (scaleLow, minLow) = ScaleAndMinOf(2 * pair, packed);
            var (scaleHigh, minHigh) = ScaleAndMinOf((2 * pair) + 1, packed);
            float d1 = d * scaleLow, m1 = dmin * minLow;
            float d2 = d * scaleHigh, m2 = dmin * minHigh;
            var outputLow = output.Slice(pair * 64, 32);
            var outputHigh = output.Slice((pair * 64) + 32, 32);
            for (var l = 0; l < 32; l++)
            {
                outputLow[l] = (d1 * (codes[l] & 0xF)) - m1;
                outputHigh[l] = (d2 * (codes[l] >> 4)) - m2;
            }
        }
    }

    private static void EncodeBlock(ReadOnlySpan<float> x, Span<byte> output, EncoderScratch scratch)
    {
        var levels = scratch.Levels;
        var maxScale = 0f;
        var maxMin = 0f;
        for (var j = 0; j < SubBlocks; j++)
        {
            var sub = x.Slice(j * SubBlockSize, SubBlockSize);
            var sumX2 = 0f;
            for (var l = 0; l < SubBlockSize; l++)
            {
                sumX2 += sub[l] * sub[l];
            }

            var averageMagnitude = MathF.Sqrt(sumX2 / SubBlockSize);
            for (var l = 0; l < SubBlockSize; l++)
            {
                scratch.Weights[l] = averageMagnitude + MathF.Abs(sub[l]);
            }

            scratch.Scales[j] = Qkx2ScaleSearch.Fit(
                15, sub, scratch.Weights, levels.Slice(j * SubBlockSize, SubBlockSize), out scratch.Mins[j], scratch.ScratchLevels, -1f, 0.1f, 20, false);
            if (scratch.Scales[j] > maxScale)
            {
                maxScale = scratch.Scales[j];
            }

            if (scratch.Mins[j] > maxMin)
            {
                maxMin = scratch.Mins[j];
            }
        }

        var packed = output.Slice(ScalesOffset, ScaleBytes);
        PackScalesAndMins(packed, scratch.Scales, scratch.Mins, maxScale, maxMin);
        var dHalf = (Half)(maxScale / 63f);
        var dminHalf = (Half)(maxMin / 63f);
        BinaryPrimitives.WriteHalfLittleEndian(output, dHalf);
        BinaryPrimitives.WriteHalfLittleEndian(output[2..], dminHalf);

        // Codes are re-chosen against the scales as stored (6-bit, fp16), not the fitted floats, so decode error
        // stays the nearest-level error. A sub-block whose stored scale is 0 keeps the fit's codes, as in ggml.
        for (var j = 0; j < SubBlocks; j++)
        {
            var (scale, min) = ScaleAndMinOf(j, packed);
            var step = (float)dHalf * scale;
            if (step == 0)
            {
                continue;
            }

            var offset = (float)dminHalf * min;
            for (var i = 0; i < SubBlockSize; i++)
            {
                var l = GgmlRounding.NearestInt((x[(j * SubBlockSize) + i] + offset) / step);
                levels[(j * SubBlockSize) + i] = (byte)Math.Max(0, Math.Min(15, l));
            }
        }

        var codes = output.Slice(CodesOffset, BlockSize / 2);
        for (var pair = 0; pair < SubBlocks / 2; pair++)
        {
            for (var l = 0; l < 32; l++)
            {
                codes[(pair * 32) + l] = (byte)(levels[(pair * 64) + l] | (levels[(pair * 64) + 32 + l] << 4));
            }
        }
    }

    /// <summary>The inverse of <see cref="ScaleAndMinOf"/>, written in quantize_row_q4_K_ref's order.</summary>
    private static void PackScalesAndMins(Span<byte> packed, ReadOnlySpan<float> scales, ReadOnlySpan<float> mins, float maxScale, float maxMin)
    {
        var inverseScale = maxScale > 0 ? 63f / maxScale : 0f;
        var inverseMin = maxMin > 0 ? 63f / maxMin : 0f;
        for (var j = 0; j < SubBlocks; j++)
        {
            // (uint8_t) then MIN(63, …) in C: the byte cast wraps before the clamp, so it is kept here.
            var ls = Math.Min((byte)63, unchecked((byte)GgmlRounding.NearestInt(inverseScale * scales[j])));
            var lm = Math.Min((byte)63, unchecked((byte)GgmlRounding.NearestInt(inverseMin * mins[j])));
            if (j < 4)
            {
                packed[j] = ls;
                packed[j + 4] = lm;
            }
            else
            {
                packed[j + 4] = (byte)((ls & 0xF) | ((lm & 0xF) << 4));
                packed[j - 4] |= (byte)((ls >> 4) << 6);
                packed[j] |= (byte)((lm >> 4) << 6);
            }
        }
    }

    private readonly ref struct EncoderScratch(Span<byte> levels, Span<byte> scratchLevels, Span<float> weights, Span<float> scales, Span<float> mins)
    {
        public Span<byte> Levels { get; } = levels;

        public Span<byte> ScratchLevels { get; } = scratchLevels;

        public Span<float> Weights { get; } = weights;

        public Span<float> Scales { get; } = scales;

        public Span<float> Mins { get; } = mins;
    }
}
