namespace HubWatch.Formats.Encoding;

/// <summary>The two rounding rules ggml's reference quantisers use, so that our bytes match theirs.</summary>
internal static class GgmlRounding
{
    /// <summary>
    /// ggml's <c>nearest_int</c> adds 1.5·2²³ and reads the mantissa: the float addition rounds half to even.
    /// MathF.Round's default is the same rule; the saturating cast keeps NaN (→ 0) and huge values defined where
    /// the C code would assert.
    /// </summary>
    public static int NearestInt(float value) => (int)MathF.Round(value);

    /// <summary>C's <c>roundf</c>: halves go away from zero (used by quantize_row_q8_0_ref).</summary>
    public static float RoundHalfAwayFromZero(float value) => MathF.Round(value, MidpointRounding.AwayFromZero);
}
