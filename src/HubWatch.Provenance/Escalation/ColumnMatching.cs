namespace HubWatch.Provenance.Escalation;

/// <summary>
/// Pairs the columns of two bands of the same rows: a column is a unit's weights in those rows, so a permutation of
/// units moves columns whole. Invariance: permutation of columns (hidden units), up to noise well below the weights'
/// scale. Columns are sorted by a fixed projection and each is compared with its neighbours in that order, so the
/// cost is n·log n, not n² (5,632 units × 8 rows per MLP).
/// </summary>
public static class ColumnMatching
{
    /// <summary>Projection neighbours compared per column: noise of a few percent moves a projection past a few dozen.</summary>
    private const int Neighbours = 48;

    /// <summary>A column closer than this (relative distance) is the same unit; unrelated 8-value columns are ≈ √2 apart.</summary>
    private const double SameUnit = 0.25;

    /// <summary>For each column of <paramref name="child"/>, the column of <paramref name="parent"/> with the same values, or −1.</summary>
    /// <param name="child">Row-major, <paramref name="rows"/> × <paramref name="columns"/>.</param>
    public static int[] Match(float[] child, float[] parent, int rows, int columns)
    {
        var direction = Enumerable.Range(0, rows).Select(r => 1.0 + 0.618 * r % 1.0).ToArray();
        double Project(float[] band, int column) => Enumerable.Range(0, rows).Sum(r => direction[r] * band[r * columns + column]);
        var order = Enumerable.Range(0, columns).Select(c => (Key: Project(parent, c), Column: c)).OrderBy(p => p.Key).ToArray();
        var keys = order.Select(p => p.Key).ToArray();
        var match = new int[columns];
        for (var c = 0; c < columns; c++)
        {
            var at = Array.BinarySearch(keys, Project(child, c));
            at = at < 0 ? ~at : at;
            var (best, bestDistance) = (-1, double.MaxValue);
            for (var i = Math.Max(0, at - Neighbours); i < Math.Min(columns, at + Neighbours); i++)
            {
                var distance = Distance(child, parent, rows, columns, c, order[i].Column);
                if (distance < bestDistance)
                    (best, bestDistance) = (order[i].Column, distance);
            }
            var norm = Math.Sqrt(Enumerable.Range(0, rows).Sum(r => (double)parent[r * columns + Math.Max(0, best)] * parent[r * columns + Math.Max(0, best)]));
            match[c] = best >= 0 && bestDistance <= SameUnit * norm ? best : -1;
        }
        return match;
    }

    /// <summary>Share of columns paired with a parent column no other column took.</summary>
    public static double OneToOne(int[] match) =>
        match.Length == 0 ? 0 : match.Where(m => m >= 0).GroupBy(m => m).Count(g => g.Count() == 1) / (double)match.Length;

    private static double Distance(float[] a, float[] b, int rows, int columns, int ca, int cb)
    {
        double sum = 0;
        for (var r = 0; r < rows; r++)
        {
            var d = (double)a[r * columns + ca] - b[r * columns + cb];
            sum += d * d;
        }
        return Math.Sqrt(sum);
    }
}
