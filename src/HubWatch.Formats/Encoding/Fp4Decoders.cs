namespace HubWatch.Formats.Encoding;

/// <summary>
/// 4-bit floats (E2M1) in ggml blocks: MXFP4 (32 values, one E8M0 power-of-two scale; gpt-oss ships in it) and
/// NVFP4 (64 values, an unsigned E4M3 scale per 16). ggml keeps the E2M1 values doubled (kvalues_fp4) and halves the
/// scale instead. Ports of dequantize_row_mxfp4 / _nvfp4 with ggml_e8m0_to_fp32_half and ggml_ue4m3_to_fp32
/// (ggml/src/ggml-quants.c and ggml-impl.h, ggml-org/ggml at d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class Fp4Decoders
{
    /// <summary>Twice the E2M1 values of codes 0–15 (OCP Microscaling Formats v1.0).</summary>
    private static ReadOnlySpan<sbyte> DoubledE2M1 => [0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12];

    /// <summary>block_mxfp4: E8M0 exponent e, 16 bytes of nibbles (17 bytes); value = E2M1 · 2^(e − 127).</summary>
    public static void DecodeMxfp4(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int block = 0, at = 0; block < values.Length / 32; block++, at += 17)
        {
            var d = HalfOfE8M0(source[at]);
            DecodeNibbles(source.Slice(at + 1, 16), d, values.Slice(block * 32, 32));
        }
    }

    /// <summary>block_nvfp4: four UE4M3 scales, 32 bytes of nibbles (36 bytes); each 16 values take their own scale.</summary>
    public static void DecodeNvfp4(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (int block = 0, at = 0; block < values.Length / 64; block++, at += 36)
        {
            for (var s = 0; s < 4; s++)
                DecodeNibbles(source.Slice(at + 4 + (8 * s), 8), HalfOfUE4M3(source[at + s]), values.Slice((block * 64) + (16 * s), 16));
        }
    }

    // Low nibbles fill the first half of the run, high nibbles the second, as in every ggml 4-bit block.
    private static void DecodeNibbles(ReadOnlySpan<byte> codes, float d, Span<float> y)
    {
        for (var j = 0; j < codes.Length; j++)
        {
            y[j] = DoubledE2M1[codes[j] & 0x0F] * d;
            y[j + codes.Length] = DoubledE2M1[codes[j] >> 4] * d;
        }
    }

    /// <summary>0.5 · 2^(e − 127), built from bits; e = 255 (E8M0's NaN) is not special-cased, as in ggml.</summary>
    private static float HalfOfE8M0(byte e) =>
        BitConverter.UInt32BitsToSingle(e < 2 ? 0x00200000u << e : (uint)(e - 1) << 23);

    /// <summary>0.5 · an unsigned E4M3 (bias 7, subnormals below exponent 1); 0 and 0x7F (its NaN) read as 0; bit 7 is ignored.</summary>
    private static float HalfOfUE4M3(byte x)
    {
        if (x is 0 or 0x7F)
            return 0f;
        int exponent = (x >> 3) & 0xF, mantissa = x & 0x7;
        var raw = exponent == 0 ? MathF.ScaleB(mantissa, -9) : MathF.ScaleB(1.0f + (mantissa / 8.0f), exponent - 7);
        return raw * 0.5f;
    }
}
