namespace HubWatch.Provenance.Classification;

/// <summary>
/// Least squares of a child's anchors on its candidate parents' anchors at the same slots, tensor by tensor
/// (primer §4: linear and task-arithmetic merges are affine in their parents, slerp lies in their span). Parents are
/// added one at a time while each halves what is left unexplained.
/// </summary>
internal sealed class MergeFit
{
    public const int MaxParents = 4;

    private MergeFit(IReadOnlyList<PreparedModel> members, IReadOnlyList<(PreparedTensor Tensor, double[] Beta, double Residual)> tensors)
    {
        Members = members;
        Tensors = tensors;
        Residual = tensors.Count == 0 ? 1 : tensors.Average(t => t.Residual);
        MedianResidual = tensors.Count == 0 ? 1 : Median(tensors.Select(t => t.Residual));
        Coefficients = [.. Enumerable.Range(0, members.Count).Select(k => Median(tensors.Select(t => t.Beta[k])))];
    }

    public IReadOnlyList<PreparedModel> Members { get; }

    /// <summary>Per matrix: the coefficients of each member and the unexplained share of the child's energy.</summary>
    public IReadOnlyList<(PreparedTensor Tensor, double[] Beta, double Residual)> Tensors { get; }

    /// <summary>Mean over tensors of RSS / ‖child‖²: 0 for an exact merge, e² for a fine-tune of the one member.</summary>
    public double Residual { get; }
    public double MedianResidual { get; }

    /// <summary>Median coefficient per member over the tensors (a constant merge weight comes out exactly).</summary>
    public IReadOnlyList<double> Coefficients { get; }

    /// <summary>
    /// How much the members' coefficients vary from tensor to tensor (mean standard deviation): near 0 for a merge
    /// made with one weight or t throughout, large when a recipe's layer gradient is seen through another model.
    /// </summary>
    public double CoefficientSpread => Tensors.Count < 2 ? 0 : Enumerable.Range(0, Members.Count).Average(k => StandardDeviation(Tensors.Select(t => t.Beta[k]).ToList()));

    private static double StandardDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }

    public static MergeFit Select(PreparedModel child, IReadOnlyList<PreparedModel> candidates)
    {
        var best = candidates.Select(c => Of(child, [c])).MinBy(f => f.Residual)!;
        while (best.Members.Count < MaxParents && best.Residual > 1e-6)
        {
            var next = candidates.Where(c => !best.Members.Contains(c)).Select(c => Of(child, [.. best.Members, c])).MinBy(f => f.Residual);
            // a real second parent removes most of what is left; a sibling of a fine-tune's parent removes little
            if (next is null || next.Residual > 0.25 * best.Residual || best.Residual < 1e-5)
                break;
            best = next;
        }
        return best;
    }

    public static MergeFit Of(PreparedModel child, IReadOnlyList<PreparedModel> members)
    {
        var tensors = new List<(PreparedTensor, double[], double)>();
        foreach (var tensor in child.Tensors.Where(t => t.IsMatrix))
        {
            var columns = members.Select(m => m.BySlot.GetValueOrDefault(tensor.Slot)).ToList();
            if (columns.Any(c => c is null || c.Dims != tensor.Dims))
                continue;
            if (Solve(tensor.Anchor, [.. columns.Select(c => c!.Anchor)]) is { } fit)
                tensors.Add((tensor, fit.Beta, fit.Residual));
        }
        return new MergeFit(members, tensors);
    }

    /// <summary>Normal equations for k ≤ 4 regressors, by Gaussian elimination with partial pivoting.</summary>
    internal static (double[] Beta, double Residual)? Solve(float[] y, float[][] x)
    {
        var (k, n) = (x.Length, y.Length);
        var a = new double[k, k + 1];
        double energy = 0;
        for (var i = 0; i < n; i++)
        {
            energy += (double)y[i] * y[i];
            for (var p = 0; p < k; p++)
            {
                a[p, k] += (double)x[p][i] * y[i];
                for (var q = 0; q < k; q++)
                    a[p, q] += (double)x[p][i] * x[q][i];
            }
        }
        if (energy <= 1e-30)
            return null;
        for (var col = 0; col < k; col++)
        {
            var pivot = Enumerable.Range(col, k - col).MaxBy(r => Math.Abs(a[r, col]));
            if (Math.Abs(a[pivot, col]) < 1e-12 * energy)
                return null; // two members with the same anchors: no unique split
            for (var c = 0; c <= k; c++)
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            for (var r = 0; r < k; r++)
            {
                if (r == col)
                    continue;
                var f = a[r, col] / a[col, col];
                for (var c = col; c <= k; c++)
                    a[r, c] -= f * a[col, c];
            }
        }
        var beta = new double[k];
        for (var p = 0; p < k; p++)
            beta[p] = a[p, k] / a[p, p];
        double rss = 0;
        for (var i = 0; i < n; i++)
        {
            var e = (double)y[i];
            for (var p = 0; p < k; p++)
                e -= beta[p] * x[p][i];
            rss += e * e;
        }
        return (beta, rss / energy);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : 0.5 * (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]);
    }
}
