using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// ggml block_q6_K (ggml/src/ggml-common.h): 128 bytes ql (low 4 bits), 64 bytes qh (high 2 bits), 16 int8
/// scales, fp16 d; sub-block j of 16 values decodes as d·sc_j·(q − 32). Encoding is a port of
/// quantize_row_q6_K_ref (no importance matrix), decoding of dequantize_row_q6_K (ggml/src/ggml-quants.c,
/// ggml-org/llama.cpp at 01243c587feceaa5d6a6c2305535ef2f549c48b8).
/// </summary>
internal static class Q6_KCodec
{
    public const int BlockSize = 256;
    public const int BytesPerBlock = LowBitsBytes + HighBitsBytes + SubBlocks + 2;

    private const int SubBlockSize = 16;
    private const int SubBlocks = BlockSize / SubBlockSize;
    private const int LowBitsBytes = BlockSize / 2;
    private const int HighBitsBytes = BlockSize / 4;
    private const int HighBitsOffset = LowBitsBytes;
    private const int ScalesOffset = HighBitsOffset + HighBitsBytes;
    private const int DOffset = ScalesOffset + SubBlocks;
    private const float GroupMaxEps = 1e-15f;

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        // Scratch lives on the stack once per call: encoding tens of MB must not allocate per block.
        Span<byte> levels = stackalloc byte[BlockSize];
        Span<float> scales = stackalloc float[SubBlocks];
        var blocks = values.Length / BlockSize;
        for (var block = 0; block < blocks; block++)
        {
            EncodeBlock(values.Slice(block * BlockSize, BlockSize), destination.Slice(block * BytesPerBlock, BytesPerBlock), levels, scales);
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

    private static void DecodeBlock(ReadOnlySpan<byte> bytes, Span<float> output)
    {
        var d = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[DOffset..]);
        for (var half = 0; half < 2; half++)
        {
            // Each half of 128 values uses 64 ql bytes, 32 qh bytes and 8 scales; four values share a qh byte.
            var ql = bytes.Slice(half * 64, 64);
            var qh = bytes.Slice(HighBitsOffset + (half * 32), 32);
            var scales = bytes.Slice(ScalesOffset + (half * 8), 8);
            var y = output.Slice(half * 128, 128);
            for (var l = 0; l < 32; l++)
            {
                var scaleIndex = l / 16;
                var q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                var q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                var q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                var q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                y[l] = d * unchecked((sbyte)scales[scaleIndex]) * q1;
                y[l + 32] = d * unchecked((sbyte)scales[scaleIndex + 2]) * q2;
                y[l + 64] = d * unchecked((sbyte)scales[scaleIndex + 4]) * q3;
                y[l + 96] = d * unchecked((sbyte)scales[scaleIndex + 6]) * q4;
            }
        }
    }

    private static void EncodeBlock(ReadOnlySpan<float> x, Span<byte> output, Span<byte> levels, Span<float> scales)
    {
        var maxScale = 0f;
        var maxAbsScale = 0f;
        for (var sub = 0; sub < SubBlocks; sub++)
        {
            var scale = QxScaleSearch.Fit(32, x.Slice(sub * SubBlockSize, SubBlockSize), levels.Slice(sub * SubBlockSize, SubBlockSize));
            scales[sub] = scale;
            if (MathF.Abs(scale) > maxAbsScale)
            {
                maxAbsScale = MathF.Abs(scale);
                maxScale = scale;
            }
        }

        if (maxAbsScale < GroupMaxEps)
        {
            output.Clear();
            return;
        }

        // The sub-block scales are themselves quantised to int8 against the largest one, which lands on −128.
        var iscale = -128f / maxScale;
        var dHalf = (Half)(1 / iscale);
        BinaryPrimitives.WriteHalfLittleEndian(output[DOffset..], dHalf);
        var storedScales = output.Slice(ScalesOffset, SubBlocks);
        for (var sub = 0; sub < SubBlocks; sub++)
        {
            storedScales[sub] = unchecked((byte)(sbyte)Math.Min(127, GgmlRounding.NearestInt(iscale * scales[sub])));
        }

        // Codes are re-chosen against the stored scales; a sub-block whose stored scale is 0 keeps the fit's codes.
        for (var sub = 0; sub < SubBlocks; sub++)
        {
            var step = (float)dHalf * unchecked((sbyte)storedScales[sub]);
            if (step == 0)
            {
                continue;
            }

            for (var i = 0; i < SubBlockSize; i++)
            {
                var l = GgmlRounding.NearestInt(x[(sub * SubBlockSize) + i] / step);
                levels[(sub * SubBlockSize) + i] = (byte)(Math.Max(-32, Math.Min(31, l)) + 32);
            }
        }

        PackLevels(levels, output);
    }

    private static void PackLevels(ReadOnlySpan<byte> levels, Span<byte> output)
    {
        for (var half = 0; half < 2; half++)
        {
            var l0 = levels.Slice(half * 128, 128);
            var ql = output.Slice(half * 64, 64);
            var qh = output.Slice(HighBitsOffset + (half * 32), 32);
            for (var l = 0; l < 32; l++)
            {
                ql[l] = (byte)((l0[l] & 0xF) | ((l0[l + 64] & 0xF) << 4));
                ql[l + 32] = (byte)((l0[l + 32] & 0xF) | ((l0[l + 96] & 0xF) << 4));
                qh[l] = (byte)((l0[l] >> 4) | ((l0[l + 32] >> 4) << 2) | ((l0[l + 64] >> 4) << 4) | ((l0[l + 96] >> 4) << 6));
            }
        }
    }
}
