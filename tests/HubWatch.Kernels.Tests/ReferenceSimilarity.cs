namespace HubWatch.Kernels.Tests;

/// <summary>
/// A deliberately naive double-precision, two-pass reference, to check both implementations against ground
/// truth rather than only against each other. The final step (zero-norm rules, clamping) is the library's own.
/// </summary>
internal static class ReferenceSimilarity
{
    public static (float Cosine, float Correlation) Pair(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length;
        double xy = 0, xx = 0, yy = 0, sx = 0, sy = 0;
        for (int k = 0; k < n; k++)
        {
            xy += (double)x[k] * y[k];
            xx += (double)x[k] * x[k];
            yy += (double)y[k] * y[k];
            sx += x[k];
            sy += y[k];
        }

        double mx = n > 0 ? sx / n : 0, my = n > 0 ? sy / n : 0;
        double cxy = 0, cxx = 0, cyy = 0;
        for (int k = 0; k < n; k++)
        {
            cxy += (x[k] - mx) * (y[k] - my);
            cxx += (x[k] - mx) * (x[k] - mx);
            cyy += (y[k] - my) * (y[k] - my);
        }

        return (SimilarityNumerics.Cosine(xy, xx, yy), SimilarityNumerics.Correlation(cxy, cxx, xx, cyy, yy));
    }

    public static (float[] Cosine, float[] Correlation) Compare(float[] query, float[] stored, int count, int[] segments)
    {
        int t = segments.Length - 1, d = query.Length;
        var cos = new float[count * t];
        var corr = new float[count * t];
        for (int i = 0; i < count; i++)
        {
            for (int s = 0; s < t; s++)
            {
                var range = segments[s]..segments[s + 1];
                (cos[(i * t) + s], corr[(i * t) + s]) = Pair(query.AsSpan()[range], stored.AsSpan(i * d, d)[range]);
            }
        }

        return (cos, corr);
    }
}
