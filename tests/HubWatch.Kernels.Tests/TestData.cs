namespace HubWatch.Kernels.Tests;

/// <summary>Seeded data generators: every test is reproducible, failures included.</summary>
internal static class TestData
{
    public static float[] Gaussian(Random random, int length, double scale = 1.0, double mean = 0.0)
    {
        var data = new float[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)(mean + (scale * NextGaussian(random)));
        }

        return data;
    }

    // Box–Muller: System.Random has no normal sampler.
    public static double NextGaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Segment bounds 0, l₀, l₀+l₁, … for the given lengths.</summary>
    public static int[] Segments(params int[] lengths)
    {
        var bounds = new int[lengths.Length + 1];
        for (int i = 0; i < lengths.Length; i++)
        {
            bounds[i + 1] = bounds[i] + lengths[i];
        }

        return bounds;
    }

    public static int[] Permutation(Random random, int n)
    {
        var p = Enumerable.Range(0, n).ToArray();
        random.Shuffle(p);
        return p;
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Assert.Equal(x.Length, y.Length);
        float max = 0;
        for (int i = 0; i < x.Length; i++)
        {
            max = Math.Max(max, Math.Abs(x[i] - y[i]));
        }

        return max;
    }
}
