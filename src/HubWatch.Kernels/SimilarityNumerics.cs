namespace HubWatch.Kernels;

/// <summary>
/// The final step shared by every implementation (and callable inside ILGPU kernels: plain arithmetic only), so
/// that all paths make the same zero-norm and clamping decisions from their sums.
/// </summary>
public static class SimilarityNumerics
{
    /// <summary>
    /// A centred sum of squares at or below this fraction of the raw sum of squares counts as zero variance.
    /// Float rounding alone leaves a constant vector (e.g. LayerNorm weights at their initial 1.0) with a relative
    /// centred energy near 1e-15; 1e-12 (spread ≈ 1e-6 of the magnitude, ~16 ulps) keeps that noise from
    /// producing a meaningless correlation while any real variation, even in bf16 weights, is far above it.
    /// </summary>
    public const double ConstantRelativeEnergy = 1e-12;

    /// <summary>dot / √(xx·yy) clamped to [−1, 1]; 0 when either side has zero norm.</summary>
    public static float Cosine(double dot, double xx, double yy)
    {
        if (xx <= 0 || yy <= 0)
        {
            return 0f;
        }

        return ClampUnit(dot / Math.Sqrt(xx * yy));
    }

    /// <summary>
    /// Pearson correlation from the centred cross sum and centred sums of squares (with their raw sums of squares
    /// to judge "constant"); 0 when either side is constant.
    /// </summary>
    public static float Correlation(double centredDot, double centredXx, double xx, double centredYy, double yy)
    {
        if (centredXx <= xx * ConstantRelativeEnergy || centredYy <= yy * ConstantRelativeEnergy)
        {
            return 0f;
        }

        return ClampUnit(centredDot / Math.Sqrt(centredXx * centredYy));
    }

    // Rounding can push |r| a hair past 1; clamping keeps identical inputs at exactly 1 and the range honest.
    private static float ClampUnit(double r) => (float)(r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r);
}
