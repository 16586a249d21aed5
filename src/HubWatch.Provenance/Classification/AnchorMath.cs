using System.Numerics.Tensors;

namespace HubWatch.Provenance.Classification;

/// <summary>The element-wise measures the classifier reads, on two anchors of equal length.</summary>
internal static class AnchorMath
{
    /// <summary>Pearson correlation (centred cosine): gains ≈ 1 in every model do not look alike.</summary>
    public static double Correlation(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = Math.Min(a.Length, b.Length);
        if (n < 2)
            return 0;
        double ma = 0, mb = 0;
        for (var i = 0; i < n; i++)
        {
            ma += a[i];
            mb += b[i];
        }
        (ma, mb) = (ma / n, mb / n);
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < n; i++)
        {
            var (x, y) = (a[i] - ma, b[i] - mb);
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return aa <= 1e-30 || bb <= 1e-30 ? 0 : ab / Math.Sqrt(aa * bb);
    }

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = Math.Min(a.Length, b.Length);
        return n == 0 ? 0 : TensorPrimitives.CosineSimilarity(a[..n], b[..n]);
    }

    /// <summary>RMS(child − parent) / RMS(parent): 0 for a copy, about ½ step for a quantised copy.</summary>
    public static double RelativeError(ReadOnlySpan<float> child, ReadOnlySpan<float> parent)
    {
        var n = Math.Min(child.Length, parent.Length);
        double diff = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            var d = (double)child[i] - parent[i];
            diff += d * d;
            norm += (double)parent[i] * parent[i];
        }
        return norm <= 1e-30 ? (diff <= 1e-30 ? 0 : 1) : Math.Sqrt(diff / norm);
    }

    /// <summary>The null spread of a correlation between unrelated anchors of this structure, relative to 1/√n.</summary>
    /// <remarks>
    /// Correlations with the parent's anchor shifted by a third and by a half of its length: unrelated values with the
    /// same structure. i.i.d. weights give ≈ 1; smooth or patterned weights more, which widens the null accordingly.
    /// </remarks>
    public static double NullSquares(ReadOnlySpan<float> child, ReadOnlySpan<float> parent)
    {
        var n = Math.Min(child.Length, parent.Length);
        if (n < 64)
            return 1;
        Span<float> shifted = new float[n];
        double sum = 0;
        foreach (var shift in (int[])[n / 3, n / 2])
        {
            parent[shift..n].CopyTo(shifted);
            parent[..shift].CopyTo(shifted[(n - shift)..]);
            var r = Correlation(child[..n], shifted);
            sum += n * r * r;
        }
        return sum / 2;
    }
}
