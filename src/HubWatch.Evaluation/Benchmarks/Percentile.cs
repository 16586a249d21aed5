namespace HubWatch.Evaluation.Benchmarks;

internal static class Percentile
{
    /// <summary>The nearest-rank percentile <paramref name="p"/> (0..1] of <paramref name="sorted"/> (ascending, not empty).</summary>
    public static double Of(IReadOnlyList<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
