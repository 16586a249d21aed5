namespace HubWatch.DemoHub.Tests.Weights;

/// <summary>Plain statistics for assertions, computed in double.</summary>
internal static class Stats
{
    public static double Mean(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (var v in x)
            sum += v;
        return sum / x.Length;
    }

    public static double Std(ReadOnlySpan<float> x)
    {
        var mean = Mean(x);
        double sum = 0;
        foreach (var v in x)
            sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / x.Length);
    }

    /// <summary>Kurtosis (3 for a normal distribution).</summary>
    public static double Kurtosis(ReadOnlySpan<float> x)
    {
        var mean = Mean(x);
        double m2 = 0, m4 = 0;
        foreach (var v in x)
        {
            var d = v - mean;
            m2 += d * d;
            m4 += d * d * d * d;
        }
        m2 /= x.Length;
        m4 /= x.Length;
        return m4 / (m2 * m2);
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        return ab / Math.Sqrt(aa * bb);
    }
}
