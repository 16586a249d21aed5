namespace HubWatch.Provenance.Fingerprints;

/// <summary>Summary of sampled values: cheap candidate filters (primer §1: never a verdict on their own).</summary>
public sealed record TensorStatistics(int Count, double Mean, double Std, double Kurtosis, double Norm)
{
    public static TensorStatistics Of(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
            return new TensorStatistics(0, 0, 0, 0, 0);
        double sum = 0, squares = 0;
        foreach (var v in values)
        {
            sum += v;
            squares += (double)v * v;
        }
        var mean = sum / values.Length;
        double m2 = 0, m4 = 0;
        foreach (var v in values)
        {
            var d = v - mean;
            m2 += d * d;
            m4 += d * d * d * d;
        }
        m2 /= values.Length;
        m4 /= values.Length;
        return new TensorStatistics(values.Length, mean, Math.Sqrt(m2), m2 > 0 ? m4 / (m2 * m2) : 0, Math.Sqrt(squares));
    }
}
