namespace HubWatch.Formats.Tests.Encoding;

/// <summary>Seeded synthetic weights: Gaussian, with a different magnitude per 256-value block (1e-4 … 10).</summary>
internal static class SyntheticValues
{
    public static float[] GaussianWithVaryingScale(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        var scale = 1f;
        for (var i = 0; i < count; i++)
        {
            if (i % 256 == 0)
            {
                scale = MathF.Pow(10f, (float)((random.NextDouble() * 5) - 4));
            }

            values[i] = (float)Gaussian(random) * scale;
        }

        return values;
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller: two uniforms in (0, 1] give one standard normal.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
