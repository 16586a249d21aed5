namespace HubWatch.Provenance.Classification;

/// <summary>
/// Least squares of a child's anchors on its candidate parents' anchors at the same slots, tensor by tensor
/// (primer §4: linear and task-arithmetic merges are affine in their parents, slerp lies in their span). Parents are
/// added one at a time while each halves what is left unexplained; where that greedy path ends short of an exact fit,
/// every set of two and three candidates is tried, as an earlier merge of the same parents can explain a child better
/// than either parent alone and lead the greedy path astray.
/// </summary>
internal sealed class MergeFit
{
    public const int MaxParents = 4;

    /// <summary>Median per-tensor unexplained share below which a fit is exact (bf16 rounding leaves ≈ 1e-5).</summary>
    public const double ExactFit = 2e-4;

    /// <summary>
    /// ...and the share of what the closest single member leaves that stays unexplained: fine-tunes of one base differ
    /// by a few percent of the weights, so a fit can explain all but 2e-4 of the child's energy and still miss a tenth
    /// of how it differs from its parents; a merge's parents leave only rounding (≈ 1e-3 of a 5 % change's energy).
    /// </summary>
    public const double ExactShareOfChange = 0.01;

    /// <summary>Candidates whose every set of two to four is tried (154 sets of 8).</summary>
    private const int Exhaustive = 8;

    /// <summary>What a single member leaves of a tensor it holds unchanged: rounding (bfloat16 ≈ 1e-5 of the energy).</summary>
    private const double UnchangedResidual = 1e-4;

    /// <summary>A member whose median coefficient is smaller adds nothing: the child is the others (a copy with a bystander).</summary>
    private const double MinCoefficient = 0.02;

    private readonly double _relativeResidual;

    private MergeFit(IReadOnlyList<PreparedModel> members, IReadOnlyList<(PreparedTensor Tensor, double[] Beta, double Residual)> tensors, double relativeResidual)
    {
        Members = members;
        Tensors = tensors;
        _relativeResidual = relativeResidual;
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

    /// <summary>The members explain the child but for rounding: of its energy, and of what its closest member leaves.</summary>
    public bool IsExact => Members.Count >= 2 && MedianResidual < ExactFit && _relativeResidual < ExactShareOfChange
        && Coefficients.All(c => Math.Abs(c) >= MinCoefficient);

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

    /// <param name="merges">Candidates that are themselves merges: among exact fits of one size, those with fewer of them win (originals first).</param>
    /// <param name="exhaustive">Whether sets of two to four candidates are searched where the greedy path is not exact or not the simplest.</param>
    public static MergeFit Select(PreparedModel child, IReadOnlyList<PreparedModel> candidates, IReadOnlySet<PreparedModel>? merges = null, bool exhaustive = true)
    {
        var singles = new Dictionary<(PreparedTensor, PreparedModel), double>();
        var single = candidates.Select(c => Of(child, [c], singles)).MinBy(f => f.Residual)!;
        var best = single;
        while (best.Members.Count < MaxParents && best.Residual > 1e-6)
        {
            var next = candidates.Where(c => !best.Members.Contains(c)).Select(c => Of(child, [.. best.Members, c], singles)).MinBy(f => f.Residual);
            // a real second parent removes most of what is left; a sibling of a fine-tune's parent removes little
            if (next is null || next.Residual > 0.25 * best.Residual || best.Residual < 1e-5)
                break;
            best = next;
        }
        // two originals that are exact: nothing simpler to look for
        if (!exhaustive || (best.IsExact && best.Members.Count == 2 && (merges is null || !best.Members.Any(merges.Contains))))
            return best;
        // the fewest parents that explain the child exactly, each of them weighing in; originals before merges, then the closest
        var pool = candidates.Take(Exhaustive).ToList();
        var largest = best.IsExact ? best.Members.Count : MaxParents;
        for (var size = 2; size <= largest; size++)
        {
            if (ExactOf(size) is not { } exact)
                continue;
            // a larger set that removes most of what this one leaves is the recipe: an earlier merge of two of the
            // parents can stand in for them when its ratio happens to be the child's (within a few tenths of a percent)
            for (var more = size + 1; more <= MaxParents && ExactOf(more, byResidual: true) is { } larger && larger.Residual < 0.25 * exact.Residual; more++)
                exact = larger;
            return exact;
        }
        return best;

        MergeFit? ExactOf(int size, bool byResidual = false) =>
            Combinations(pool.Count, size).Select(set => Of(child, [.. set.Select(i => pool[i])], singles))
                // two parents: a weighted average or slerp, never extrapolated; and far closer than the closest single model
                // (a fine-tune of a merge is as far from its merge's parents as from the merge)
                .Where(f => f.IsExact && (size >= 3 || f.Coefficients.All(c => c > 0)) && f.Residual < 0.25 * single.Residual)
                .OrderBy(f => merges is null || byResidual ? 0 : f.Members.Count(merges.Contains)).ThenBy(f => f.Residual).FirstOrDefault();
    }

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }
        for (var first = 0; first <= n - k; first++)
        {
            foreach (var rest in Combinations(n - first - 1, k - 1))
                yield return [first, .. rest.Select(r => r + first + 1)];
        }
    }

    /// <param name="singles">Each member's own residual per tensor, kept across fits of one child.</param>
    public static MergeFit Of(PreparedModel child, IReadOnlyList<PreparedModel> members, Dictionary<(PreparedTensor, PreparedModel), double>? singles = null)
    {
        singles ??= [];
        var tensors = new List<(PreparedTensor, double[], double)>();
        var relative = new List<double>();
        foreach (var tensor in child.Tensors.Where(t => t.IsMatrix))
        {
            var columns = members.Select(m => m.BySlot.GetValueOrDefault(tensor.Slot)).ToList();
            if (columns.Any(c => c is null || c.Dims != tensor.Dims))
                continue;
            if (Solve(tensor.Anchor, [.. columns.Select(c => c!.Anchor)]) is { } fit)
            {
                tensors.Add((tensor, fit.Beta, fit.Residual));
                // only where the child differs from every member: a low-rank fine-tune leaves most matrices as its parent's
                var closest = members.Min(m => Single(tensor, m, singles));
                if (closest > UnchangedResidual)
                    relative.Add(fit.Residual / closest);
            }
        }
        return new MergeFit(members, tensors, relative.Count < Math.Max(1, tensors.Count / 4) ? 1 : Median(relative));
    }

    private static double Single(PreparedTensor tensor, PreparedModel member, Dictionary<(PreparedTensor, PreparedModel), double> singles)
    {
        if (!singles.TryGetValue((tensor, member), out var residual))
            singles[(tensor, member)] = residual = Solve(tensor.Anchor, [member.BySlot[tensor.Slot].Anchor])?.Residual ?? 1;
        return residual;
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
