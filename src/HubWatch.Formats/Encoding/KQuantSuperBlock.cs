using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// What Q4_K and Q5_K share (ggml-common.h): a super-block of 256 values in 8 sub-blocks of 32, headed by fp16 d, fp16
/// dmin and 12 bytes packing eight 6-bit scales and eight 6-bit mins; sub-block j decodes as d·sc_j·q − dmin·m_j. The
/// fit is quantize_row_q4_K_ref's and quantize_row_q5_K_ref's (ggml/src/ggml-quants.c), which differ only in the code
/// range and the search's stretches.
/// </summary>
internal static class KQuantSuperBlock
{
    public const int BlockSize = 256;
    public const int HeaderBytes = 4 + ScaleBytes;

    private const int SubBlockSize = 32;
    private const int SubBlocks = BlockSize / SubBlockSize;
    private const int ScaleBytes = 12;
    private const int ScalesOffset = 4;

    public static Scratch NewScratch(Span<byte> levels, Span<byte> scratchLevels, Span<float> weights, Span<float> scales, Span<float> mins) =>
        new(levels, scratchLevels, weights, scales, mins);

    /// <summary>ggml's get_scale_min_k4: the first four pairs are plain 6-bit fields, the last four borrow the top bits.</summary>
    public static (byte Scale, byte Min) ScaleAndMinOf(int subBlock, ReadOnlySpan<byte> packed)
    {
        if (subBlock < 4)
            return ((byte)(packed[subBlock] & 63), (byte)(packed[subBlock + 4] & 63));
        var scale = (packed[subBlock + 4] & 0xF) | ((packed[subBlock - 4] >> 6) << 4);
        var min = (packed[subBlock + 4] >> 4) | ((packed[subBlock] >> 6) << 4);
        return ((byte)scale, (byte)min);
    }

    /// <summary>The stored sub-block scales and mins of a header: d·sc and dmin·m as decoding uses them.</summary>
    public static (float D, float Min) StepOf(int subBlock, ReadOnlySpan<byte> header)
    {
        var (scale, min) = ScaleAndMinOf(subBlock, header.Slice(ScalesOffset, ScaleBytes));
        return ((float)BinaryPrimitives.ReadHalfLittleEndian(header) * scale, (float)BinaryPrimitives.ReadHalfLittleEndian(header[2..]) * min);
    }

    /// <summary>
    /// Fits every sub-block (codes in [0, <paramref name="nmax"/>]), writes the header, and leaves in the scratch's levels
    /// the codes chosen again against the scales as stored (6-bit, fp16), so decode error stays the nearest-level error.
    /// </summary>
    public static void Fit(ReadOnlySpan<float> x, Span<byte> header, int nmax, float rmin, int nstep, Scratch scratch)
    {
        var levels = scratch.Levels;
        float maxScale = 0, maxMin = 0;
        for (var j = 0; j < SubBlocks; j++)
        {
            var sub = x.Slice(j * SubBlockSize, SubBlockSize);
            var sumX2 = 0f;
            for (var l = 0; l < SubBlockSize; l++)
                sumX2 += sub[l] * sub[l];
            var averageMagnitude = MathF.Sqrt(sumX2 / SubBlockSize);
            for (var l = 0; l < SubBlockSize; l++)
                scratch.Weights[l] = averageMagnitude + MathF.Abs(sub[l]);
            scratch.Scales[j] = Qkx2ScaleSearch.Fit(nmax, sub, scratch.Weights, levels.Slice(j * SubBlockSize, SubBlockSize), out scratch.Mins[j], scratch.ScratchLevels, rmin, 0.1f, nstep, false);
            maxScale = Math.Max(maxScale, scratch.Scales[j]);
            maxMin = Math.Max(maxMin, scratch.Mins[j]);
        }

        PackScalesAndMins(header.Slice(ScalesOffset, ScaleBytes), scratch.Scales, scratch.Mins, maxScale, maxMin);
        BinaryPrimitives.WriteHalfLittleEndian(header, (Half)(maxScale / 63f));
        BinaryPrimitives.WriteHalfLittleEndian(header[2..], (Half)(maxMin / 63f));

        // a sub-block whose stored scale is 0 keeps the fit's codes, as in ggml
        for (var j = 0; j < SubBlocks; j++)
        {
            var (step, offset) = StepOf(j, header);
            if (step == 0)
                continue;
            for (var i = 0; i < SubBlockSize; i++)
            {
                var l = GgmlRounding.NearestInt((x[(j * SubBlockSize) + i] + offset) / step);
                levels[(j * SubBlockSize) + i] = (byte)Math.Max(0, Math.Min(nmax, l));
            }
        }
    }

    /// <summary>The inverse of <see cref="ScaleAndMinOf"/>, written in the reference quantisers' order.</summary>
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

    /// <summary>Scratch on the stack once per call (Q2_K's too): encoding tens of MB must not allocate per block.</summary>
    public readonly ref struct Scratch(Span<byte> levels, Span<byte> scratchLevels, Span<float> weights, Span<float> scales, Span<float> mins)
    {
        public Span<byte> Levels { get; } = levels;
        public Span<byte> ScratchLevels { get; } = scratchLevels;
        public Span<float> Weights { get; } = weights;
        public Span<float> Scales { get; } = scales;
        public Span<float> Mins { get; } = mins;
    }
}
