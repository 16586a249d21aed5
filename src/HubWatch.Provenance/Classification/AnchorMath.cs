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

    /// <summary>
    /// <see cref="RelativeError"/> after the child's rows and columns are each allowed a scale of their own: child ≈
    /// a_r·b_c·parent, fitted by alternating least squares on the patch (rows of <paramref name="columns"/> values).
    /// AWQ folds a scale per input channel into a layer (and divides the op before it), so its copy differs from the
    /// original by exactly such factors; a fine-tune's change or another model's values are not a product of row and
    /// column factors, and a fit of 72 of 512 values removes about a seventh of what differs there.
    /// </summary>
    public static double ScaledRelativeError(ReadOnlySpan<float> child, ReadOnlySpan<float> parent, int columns)
    {
        var n = Math.Min(child.Length, parent.Length);
        if (columns <= 0 || n % columns != 0)
            return RelativeError(child, parent);
        var rows = n / columns;
        var (a, b) = (new double[rows], new double[columns]);
        Array.Fill(a, 1.0);
        Array.Fill(b, 1.0);
        for (var iteration = 0; iteration < 8; iteration++)
        {
            for (var c = 0; c < columns; c++)
                b[c] = Ratio(child, parent, a, c, columns, rows, byColumn: true);
            for (var r = 0; r < rows; r++)
                a[r] = Ratio(child, parent, b, r * columns, 1, columns, byColumn: false);
        }
        double diff = 0, norm = 0;
        for (var i = 0; i < n; i++)
        {
            var fitted = a[i / columns] * b[i % columns] * parent[i];
            diff += (child[i] - fitted) * (child[i] - fitted);
            norm += fitted * fitted;
        }
        return norm <= 1e-30 ? (diff <= 1e-30 ? 0 : 1) : Math.Sqrt(diff / norm);
    }

    /// <summary>The least-squares factor of one column (or row): Σ child·(f·parent) / Σ (f·parent)², 1 where the parent is 0.</summary>
    private static double Ratio(ReadOnlySpan<float> child, ReadOnlySpan<float> parent, double[] other, int start, int stride, int count, bool byColumn)
    {
        double cp = 0, pp = 0;
        for (var k = 0; k < count; k++)
        {
            var i = start + (k * stride);
            var p = parent[i] * other[byColumn ? k : i % other.Length];
            cp += child[i] * p;
            pp += p * p;
        }
        return pp <= 1e-30 ? 1 : cp / pp;
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
