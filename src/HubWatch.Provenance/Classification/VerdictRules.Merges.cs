using HubWatch.Domain.Lineage;

namespace HubWatch.Provenance.Classification;

internal sealed partial class VerdictRules
{
    /// <summary>
    /// Two or more parents explain the child. Exact and affine: linear (weights summing to 1), slerp (two parents,
    /// coefficients summing to more than 1, primer §4), task arithmetic (one member is the others' ancestor, or
    /// weighs in negatively). Not exact: ties or dare, told apart on the entries the child shares with the base
    /// (ties trims the smallest changes, dare drops changes at random).
    /// </summary>
    private Verdict Merge(PreparedModel child, MergeFit fit, IReadOnlyList<PairComparison> comparisons, Func<PairComparison, double> adjusted, int candidates)
    {
        var members = fit.Members;
        var beta = fit.Coefficients;
        var ancestor = BaseOf(fit);
        var negative = Enumerable.Range(0, members.Count).Where(i => beta[i] < -0.02).OrderBy(i => beta[i]).Select(i => members[i]).FirstOrDefault();
        var coefficients = new Dictionary<string, double[]>();
        string method;
        List<(PreparedModel Model, double Share, double Weight)> parents;
        string how;
        // model stock and nuslerp weigh a base's fine-tunes by their changes' angle; task arithmetic by constants
        if (fit.IsExact && members.Count >= 3 && ancestor is { } origin && TaskVectorRecipe(fit, origin) is { } recipe)
        {
            (method, parents, how) = (recipe.Method, recipe.Parents, recipe.How);
            foreach (var (key, value) in recipe.Coefficients)
                coefficients[key] = value;
        }
        // mergekit's task arithmetic adds the differences of two or more models to their base
        else if (fit.IsExact && members.Count >= 3 && (ancestor ?? negative) is { } baseModel)
        {
            method = MergeMethods.TaskArithmetic;
            parents = Weighted(members, beta, exclude: baseModel);
            coefficients["weight"] = [.. parents.Select(p => Math.Round(p.Weight, 4))];
            how = $"base {baseModel.Id} plus weighted differences of {parents.Count} models ({string.Join(", ", parents.Select(p => p.Weight.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})";
        }
        else if (fit.IsExact && members.Count == 2 && SumExcess(fit) > 3e-4)
        {
            method = MergeMethods.Slerp;
            var (t, shares) = SlerpT(fit);
            parents = [(members[0], shares, 0), (members[1], 1 - shares, 0)];
            coefficients["t"] = [Math.Round(t, 4)];
            how = $"spherical interpolation, t = {t:F2} (coefficients sum to 1 + {SumExcess(fit):G2}: the parents' span, outside their segment)";
        }
        else if (fit.IsExact)
        {
            method = MergeMethods.Linear;
            parents = Weighted(members, beta, exclude: null);
            coefficients["weight"] = [.. parents.Select(p => Math.Round(p.Weight, 4))];
            how = $"weighted average ({string.Join(" + ", parents.Select(p => p.Weight.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))})";
        }
        else
        {
            var sparseBase = ancestor ?? CommonAncestor(members) ?? members.MinBy(m => m.Order)!;
            var (equal, ratio) = SharedWithBase(child, sparseBase, members.Where(m => m != sparseBase).ToList());
            var tunes = Enumerable.Range(0, members.Count).Where(i => members[i] != sparseBase).ToList();
            method = OutliersDropped(child, sparseBase, [.. tunes.Select(i => members[i])], [.. tunes.Select(i => beta[i])]) ? MergeMethods.Breadcrumbs : ratio < 0.6 ? MergeMethods.Ties : MergeMethods.Dare;
            parents = Weighted(members, beta, exclude: members.Count > 2 ? sparseBase : null);
            coefficients["weight"] = [.. parents.Select(p => Math.Round(p.Weight, 4))];
            how = $"{100 * equal:F1} % of entries equal the base {sparseBase.Id}, the changes there {(ratio < 0.6 ? "the smallest (trimmed: ties)" : "as large as elsewhere (dropped at random: dare)")}; "
                + $"the parents explain {100 * (1 - fit.Residual):F1} % of the weights";
        }
        var evidence = parents.Select(p => new ParentEvidence(p.Model.Id, p.Share, PValueOf(child, p.Model, comparisons, adjusted), SimilarityOf(comparisons, p.Model.Id))).ToList();
        // each tensor's own similarity to each parent, from the pair comparisons: the fit's coefficient names the one it
        // leans on, but 0.6·A + 0.4·B correlates ≈ 0.83 with A and ≈ 0.55 with B, which is what a reader can check
        TensorSimilarity SimilarityTo(PreparedModel parent, PreparedTensor tensor) =>
            comparisons.FirstOrDefault(c => c.Parent == parent)?.Matches.FirstOrDefault(m => m.Child == tensor) is { Parent: not null } match
                ? new TensorSimilarity(parent.Id, match.Correlation, match.ZScore) : new TensorSimilarity(parent.Id, 0, 0);
        var tensors = fit.Tensors.Select(t =>
        {
            var dominant = members[Enumerable.Range(0, members.Count).MaxBy(k => t.Beta[k])];
            var own = SimilarityTo(dominant, t.Tensor);
            return new TensorEvidence(t.Tensor.Name, dominant.Id, dominant.BySlot[t.Tensor.Slot].Name, own.Correlation, own.ZScore, t.Tensor.Slot.Layer,
                [.. parents.Select(p => SimilarityTo(p.Model, t.Tensor))]);
        }).ToList();
        var summary = $"merge of {string.Join(" and ", evidence.Select(p => $"{p.Id} ({100 * p.Share:F0} %)"))}, {method}: {how}";
        return new Verdict(child.Id, Relations.Merge, evidence, method, coefficients, [],
            new VerdictEvidence(Math.Sqrt(fit.Residual), 1 - fit.Residual, candidates, fit.Tensors.Count, tensors, summary));
    }

    /// <summary>Mean over tensors of s0 + s1 − 1: zero for a weighted average, positive for slerp (θ &gt; 0; zero only where t is 0 or 1).</summary>
    private static double SumExcess(MergeFit fit) => fit.Tensors.Count == 0 ? 0 : fit.Tensors.Average(t => t.Beta.Sum() - 1);

    /// <summary>
    /// ties and dare: entries where the child equals one earlier model bit for bit (every parent's change trimmed or
    /// dropped there), the rest changed — no fine-tune, copy or dense merge leaves that pattern. The base is that
    /// model; the parents are the models whose changes from it explain the child's.
    /// </summary>
    private Verdict? SparseMerge(PreparedModel child, IReadOnlyList<PairComparison> related, IReadOnlyList<PairComparison> comparisons, Func<PairComparison, double> adjusted, int candidates)
    {
        // two models rounded onto the same kind of grid share bit-equal entries wherever they round alike: no evidence
        var nearest = WithAncestors(related.Where(c => !IsLeaf(c.Parent) && !(child.IsRounded && c.Parent.IsRounded)).Take(8).Select(c => c.Parent), related);
        var untouched = child.Tensors.Where(t => t.IsMatrix && nearest.Any(n => EqualShare(child, n, t).Equal >= 0.999)).ToHashSet();
        var shared = nearest.Select(n => (Parent: n, Shared: EqualShare(child, n, untouched)))
            .Where(x => x.Shared.Equal is > 0.03 and < 0.97 && x.Shared.NearRatio < 0.8).Select(x => (x.Parent, x.Shared.Equal)).ToList();
        if (shared.Count == 0)
            return null;
        var top = shared.MaxBy(x => x.Equal).Parent;
        var origin = shared.Select(x => x.Parent).MaxBy(p => shared.Count(o => o.Parent != p && IsAncestor(p.Id, o.Parent.Id)))!;
        if (shared.All(o => o.Parent == origin || !IsAncestor(origin.Id, o.Parent.Id)))
            origin = _verdicts.GetValueOrDefault(top.Id)?.Parents.Select(p => prepared.GetValueOrDefault(p.Id)).FirstOrDefault(p => p is not null) is { } up && shared.All(x => x.Parent != top || IsAncestor(up.Id, top.Id)) && top != shared.MaxBy(x => x.Equal).Parent ? up : top;
        var tunes = related.Select(c => c.Parent).Where(p => p != origin && !IsLeaf(p) && !IsAncestor(p.Id, origin.Id))
            .OrderByDescending(p => IsAncestor(origin.Id, p.Id)).ToList();
        // parsimony: an earlier merge of the same fine-tunes explains much of the child too; it is a parent only where
        // the fine-tunes themselves leave twice as much unexplained
        var (selected, weights, residual) = DeltaParents(child, origin, [.. tunes.Where(p => !IsMerge(p)).Take(6)]);
        var withMerges = DeltaParents(child, origin, [.. tunes.Take(6)]);
        if (withMerges.Selected.Count > 0 && (selected.Count == 0 || withMerges.Residual < 0.5 * residual))
            (selected, weights, residual) = withMerges;
        if (selected.Count == 0)
            return null;
        // ties trims each parent's smallest changes: where the child kept the base, the changes were small; dare drops
        // them at random, as large there as anywhere (whether a parent's change kept alone equals that parent depends on
        // the config: dare's rescaling by 1/density undoes a weight equal to the density, mergekit's common 0.5 / 0.5)
        var (_, ratio) = SharedWithBase(child, origin, selected);
        var method = OutliersDropped(child, origin, selected, weights) ? MergeMethods.Breadcrumbs : ratio < 0.6 ? MergeMethods.Ties : MergeMethods.Dare;
        var total = weights.Sum(w => Math.Max(0, w));
        var parents = selected.Select((p, i) => new ParentEvidence(p.Id, total > 0 ? Math.Max(0, weights[i]) / total : 1.0 / selected.Count, PValueOf(child, p, comparisons, adjusted), SimilarityOf(comparisons, p.Id))).ToList();
        var equal = shared.FirstOrDefault(x => x.Parent == origin).Equal;
        var summary = $"merge of {string.Join(" and ", parents.Select(p => $"{p.Id} ({100 * p.Share:F0} %)"))}, {method} over the base {origin.Id}: {100 * equal:F1} % of entries equal the base bit for bit"
            + (method == MergeMethods.Breadcrumbs ? ", also where a parent's change was among its largest (outliers dropped with the smallest: breadcrumbs)"
                : ratio < 0.6 ? $", where the parents' changes were {ratio:F2} of their mean size (the smallest trimmed: ties)" : $", where the parents' changes were {ratio:F2} of their mean size (dropped at random: dare)")
            + $"; the parents' changes explain {100 * (1 - residual):F0} % of the rest";
        return new Verdict(child.Id, Relations.Merge, parents, method, new Dictionary<string, double[]> { ["weight"] = [.. weights.Select(w => Math.Round(w, 4))] }, [],
            new VerdictEvidence(Math.Sqrt(residual), 1 - residual, candidates, child.Tensors.Count, [], summary));
    }

    /// <summary>
    /// Share of anchor entries equal to the model's, over the matrices that changed at all, and how many entries
    /// differ by one unit in the last place per equal entry. Rounding a small change leaves about as many of those as
    /// equal entries (both come from changes below an ulp); dropping changes (ties, dare) leaves equal entries only.
    /// </summary>
    private static (double Equal, double NearRatio) EqualShare(PreparedModel child, PreparedModel other, PreparedTensor only) =>
        EqualShare(child, other, child.Tensors.Where(t => t != only).ToHashSet(), countUntouched: true);

    private static (double Equal, double NearRatio) EqualShare(PreparedModel child, PreparedModel other, IReadOnlySet<PreparedTensor> skip, bool countUntouched = false)
    {
        var mantissa = MantissaBits(child);
        long equal = 0, near = 0, total = 0;
        foreach (var tensor in child.Tensors.Where(t => t.IsMatrix && !skip.Contains(t)))
        {
            if (other.BySlot.GetValueOrDefault(tensor.Slot) is not { } o || o.Dims != tensor.Dims)
                continue;
            int same = 0, close = 0;
            for (var i = 0; i < tensor.Anchor.Length; i++)
            {
                var (c, b) = (tensor.Anchor[i], o.Anchor[i]);
                var difference = Math.Abs(c - b);
                var ulp = Ulp(b, mantissa);
                // equal at the child's precision: a float32 base stored again in bfloat16 is rounded, not changed
                if (difference <= 0.5 * ulp + 1e-9)
                    same++;
                else if (difference <= 1.5 * ulp)
                    close++;
            }
            if (same + close == tensor.Anchor.Length && !countUntouched)
                continue; // untouched matrix (a low-rank update's, a passthrough's): says nothing about masks
            (equal, near, total) = (equal + same, near + close, total + tensor.Anchor.Length);
        }
        return total == 0 ? (0, 1) : ((double)equal / total, equal == 0 ? 1 : (double)near / equal);
    }

    /// <summary>The tunes whose changes from the base explain the child's, added one at a time while each removes a fifth of what is left.</summary>
    private static (List<PreparedModel> Selected, double[] Weights, double Residual) DeltaParents(PreparedModel child, PreparedModel origin, IReadOnlyList<PreparedModel> tunes)
    {
        var selected = new List<PreparedModel>();
        double[] weights = [];
        var residual = 1.0;
        while (selected.Count < MergeFit.MaxParents)
        {
            var next = tunes.Where(t => !selected.Contains(t)).Select(t => (Tune: t, Fit: DeltaFit(child, origin, [.. selected, t]))).Where(x => x.Fit is not null).OrderBy(x => x.Fit!.Value.Residual).FirstOrDefault();
            if (next.Tune is null || next.Fit!.Value.Residual > 0.8 * residual)
                break;
            selected.Add(next.Tune);
            (weights, residual) = next.Fit.Value;
        }
        return (selected, weights, residual);
    }

    private bool IsMerge(PreparedModel model) => _verdicts.TryGetValue(model.Id, out var v) && v.Relation == Relations.Merge;

    /// <summary>Least squares of the child's change from the base on the tunes' changes, all matrices at once.</summary>
    private static (double[] Weights, double Residual)? DeltaFit(PreparedModel child, PreparedModel origin, IReadOnlyList<PreparedModel> tunes)
    {
        var y = new List<float>();
        var x = tunes.Select(_ => new List<float>()).ToList();
        foreach (var tensor in child.Tensors.Where(t => t.IsMatrix))
        {
            var b = origin.BySlot.GetValueOrDefault(tensor.Slot);
            var ts = tunes.Select(t => t.BySlot.GetValueOrDefault(tensor.Slot)).ToList();
            if (b is null || b.Dims != tensor.Dims || ts.Any(t => t is null || t.Dims != tensor.Dims))
                continue;
            var scale = Math.Sqrt(tensor.Anchor.Sum(v => (double)v * v) / Math.Max(1, tensor.Anchor.Length)) + 1e-12;
            for (var i = 0; i < tensor.Anchor.Length; i++)
            {
                y.Add((float)((tensor.Anchor[i] - b.Anchor[i]) / scale));
                for (var k = 0; k < ts.Count; k++)
                    x[k].Add((float)((ts[k]!.Anchor[i] - b.Anchor[i]) / scale));
            }
        }
        return y.Count == 0 ? null : MergeFit.Solve([.. y], [.. x.Select(c => c.ToArray())]);
    }

    /// <summary>Parents with their weights (the fit's coefficients) and shares (weights normalised over the positive ones).</summary>
    private static List<(PreparedModel Model, double Share, double Weight)> Weighted(IReadOnlyList<PreparedModel> members, IReadOnlyList<double> beta, PreparedModel? exclude)
    {
        var kept = Enumerable.Range(0, members.Count).Where(i => members[i] != exclude).ToList();
        var total = kept.Sum(i => Math.Max(0, beta[i]));
        return [.. kept.Select(i => (members[i], total > 0 ? Math.Max(0, beta[i]) / total : 1.0 / kept.Count, beta[i]))];
    }

    /// <summary>
    /// t per tensor from the fitted s0, s1 and the angle θ between the parents (mergekit normalises copies to get θ):
    /// sin(tθ) = s1·sinθ and cos(tθ) = s0 + s1·cosθ. Near-parallel parents fall back to lerp, as mergekit does.
    /// </summary>
    private static (double T, double FirstShare) SlerpT(MergeFit fit)
    {
        var ts = new List<(double T, long Elements)>();
        foreach (var (tensor, beta, _) in fit.Tensors)
        {
            var a = fit.Members[0].BySlot[tensor.Slot].Anchor;
            var b = fit.Members[1].BySlot[tensor.Slot].Anchor;
            var cos = Math.Clamp(AnchorMath.Cosine(a, b), -1, 1);
            var t = Math.Abs(cos) > 0.9995 ? beta[1] / (beta[0] + beta[1]) : Math.Atan2(beta[1] * Math.Sqrt(1 - cos * cos), beta[0] + beta[1] * cos) / Math.Acos(cos);
            ts.Add((t, tensor.Elements));
        }
        var sorted = ts.Select(x => x.T).Order().ToList();
        var median = sorted.Count == 0 ? 0.5 : sorted[sorted.Count / 2];
        var first = ts.Count == 0 ? 0.5 : ts.Sum(x => (1 - x.T) * x.Elements) / ts.Sum(x => (double)x.Elements);
        return (median, first);
    }

    /// <summary>The first verdict parent every member shares, if it was fingerprinted.</summary>
    private PreparedModel? CommonAncestor(IReadOnlyList<PreparedModel> members)
    {
        var first = _verdicts.GetValueOrDefault(members[0].Id)?.Parents.Select(p => p.Id).ToList() ?? [];
        var common = first.FirstOrDefault(id => members.All(m => m.Id == id || IsAncestor(id, m.Id)));
        return common is not null && prepared.TryGetValue(common, out var model) ? model : null;
    }

    /// <summary>
    /// Model Breadcrumbs drops each parent's largest changes (its top γ, 1 % by default) as well as the smallest. Whether a
    /// parent's change survived at an entry shows in the child's change there, projected on it: about its weight times
    /// the change where kept (more under dare's rescaling), about nothing where dropped, give or take the other parents'
    /// changes — small beside a parent's largest. Breadcrumbs drops a parent's top 1 % of an anchor far more often than
    /// the band below it that it keeps (the least dropped of <see cref="Bands"/>); ties keeps both; dare drops all alike.
    /// </summary>
    /// <summary>Bands of an anchor's changes by rank (share from the largest): where breadcrumbs keeps a parent's change.</summary>
    private static readonly (double From, double To)[] Bands = [(0.02, 0.1), (0.1, 0.2), (0.2, 0.35), (0.35, 0.5)];

    private static bool OutliersDropped(PreparedModel child, PreparedModel baseModel, IReadOnlyList<PreparedModel> tunes, IReadOnlyList<double> weights)
    {
        long top = 0, topDropped = 0, band = 0, bandDropped = 0;
        foreach (var tensor in child.Tensors.Where(t => t.IsMatrix))
        {
            if (baseModel.BySlot.GetValueOrDefault(tensor.Slot) is not { } b || b.Dims != tensor.Dims)
                continue;
            for (var k = 0; k < tunes.Count; k++)
            {
                if (weights[k] < 0.05 || tunes[k].BySlot.GetValueOrDefault(tensor.Slot) is not { } tune || tune.Dims != tensor.Dims)
                    continue;
                var order = Enumerable.Range(0, tensor.Anchor.Length).OrderByDescending(i => Math.Abs(tune.Anchor[i] - b.Anchor[i])).ToList();
                var n = order.Count;
                var weight = weights[k];
                bool Dropped(int rank)
                {
                    var i = order[rank];
                    var change = (double)tune.Anchor[i] - b.Anchor[i];
                    return ((double)tensor.Anchor[i] - b.Anchor[i]) * Math.Sign(change) < 0.5 * weight * Math.Abs(change);
                }
                // the least-dropped of the bands below the top: breadcrumbs' γ may reach past the top few percent
                var tops = Math.Max(1, n / 100);
                var bands = Bands.Select(b => Enumerable.Range((int)(b.From * n), (int)(b.To * n) - (int)(b.From * n)).ToList()).Where(b => b.Count > 0).ToList();
                var kept = bands.Select(b => (Count: b.Count, Drops: b.Count(Dropped))).MinBy(b => (double)b.Drops / b.Count);
                // the band is cut over the whole tensor and rows change by different amounts (training's row scales):
                // an anchor of quiet rows is dropped whole, whatever the method
                if (bands.Count == 0 || kept.Drops >= 0.5 * kept.Count)
                    continue;
                (top, topDropped) = (top + tops, topDropped + Enumerable.Range(0, tops).Count(Dropped));
                (band, bandDropped) = (band + kept.Count, bandDropped + kept.Drops);
            }
        }
        if (top < 32 || band == 0)
            return false;
        var (atTop, inBand) = ((double)topDropped / top, (double)bandDropped / band);
        // measured at 2,048 wide: breadcrumbs 0.55 of the top dropped vs 0.04 of the kept band, 0.57 vs 0.05; dare (its
        // sign election drops a few more of the large) 0.51 vs 0.37, 0.46 vs 0.38; della 0.20 vs 0.16; ties 0.04 vs 0.06.
        // Three times the kept band's rate, and four standard errors above it
        return atTop > 0.1 && atTop > 3 * inBand && atTop - inBand > 4 * Math.Sqrt(Math.Max(inBand * (1 - inBand), 0.01) / top);
    }

    /// <summary>
    /// Share of anchor entries equal to the base, and how large the parents' changes were there relative to all entries.
    /// The ratio leaves out entries where every parent's change is within two units in the last place of the base: a
    /// kept change that small rounds back to the base and would look trimmed whatever the method.
    /// </summary>
    private static (double Equal, double Ratio) SharedWithBase(PreparedModel child, PreparedModel baseModel, IReadOnlyList<PreparedModel> tunes)
    {
        var mantissa = MantissaBits(child);
        long equal = 0, total = 0, visible = 0, visibleEqual = 0;
        double changeAtEqual = 0, changeAll = 0;
        foreach (var tensor in child.Tensors.Where(t => t.IsMatrix))
        {
            if (baseModel.BySlot.GetValueOrDefault(tensor.Slot) is not { } b || b.Dims != tensor.Dims)
                continue;
            var others = tunes.Select(t => t.BySlot.GetValueOrDefault(tensor.Slot)).Where(t => t is not null && t.Dims == tensor.Dims).ToList();
            for (var i = 0; i < tensor.Anchor.Length; i++)
            {
                var isEqual = Math.Abs(tensor.Anchor[i] - b.Anchor[i]) <= 1e-6 * (1 + Math.Abs(b.Anchor[i]));
                (total, equal) = (total + 1, equal + (isEqual ? 1 : 0));
                if (others.Count == 0 || others.Max(o => Math.Abs(o!.Anchor[i] - b.Anchor[i])) <= 2 * Ulp(b.Anchor[i], mantissa))
                    continue;
                var change = others.Average(o => Math.Abs(o!.Anchor[i] - b.Anchor[i]));
                (visible, changeAll) = (visible + 1, changeAll + change);
                if (isEqual)
                    (visibleEqual, changeAtEqual) = (visibleEqual + 1, changeAtEqual + change);
            }
        }
        var ratio = visibleEqual == 0 || changeAll == 0 ? 1 : (changeAtEqual / visibleEqual) / (changeAll / visible);
        return (total == 0 ? 0 : (double)equal / total, ratio);
    }

    private static int MantissaBits(PreparedModel model) => model.MainType switch { HubWatch.Formats.Encoding.TensorType.BF16 => 7, HubWatch.Formats.Encoding.TensorType.F16 => 10, _ => 23 };

    /// <summary>One unit in the last place of a value stored with this many mantissa bits.</summary>
    private static double Ulp(float value, int mantissa) => value == 0 ? 0 : Math.Pow(2, Math.Floor(Math.Log2(Math.Abs(value))) - mantissa);

    private double PValueOf(PreparedModel child, PreparedModel parent, IReadOnlyList<PairComparison> comparisons, Func<PairComparison, double> adjusted) =>
        adjusted(comparisons.FirstOrDefault(c => c.Parent == parent) ?? PairComparison.Of(child, parent));

    /// <summary>
    /// A frankenmerge: the child has another depth than its closest relative, and its layers are, whole, those of one
    /// or more earlier models. Every earlier model of the width is searched (passthrough merges are rare).
    /// </summary>
    private Verdict? Passthrough(PreparedModel child, IReadOnlyList<PreparedModel> earlier, Func<PairComparison, double> adjusted)
    {
        var pairs = earlier.Select(m => PairComparison.Of(child, m)).Where(p => p.ByKind(MatchKind.Slot).Concat(p.ByKind(MatchKind.Content)).Any(x => x.RelativeError < CopyError)).ToList();
        var donors = new Dictionary<PreparedModel, long>();
        var tensors = new List<TensorEvidence>();
        foreach (var tensor in child.Tensors)
        {
            var exact = pairs.Select(p => (Pair: p, Match: p.Matches.First(m => m.Child == tensor)))
                .Where(x => x.Match.Kind is MatchKind.Slot or MatchKind.Content && x.Match.RelativeError < CopyError)
                .OrderBy(x => x.Pair.Parent.Order).FirstOrDefault();
            if (exact.Pair is null)
                continue;
            donors[exact.Pair.Parent] = donors.GetValueOrDefault(exact.Pair.Parent) + tensor.Elements;
            tensors.Add(new TensorEvidence(tensor.Name, exact.Pair.Parent.Id, exact.Match.Parent!.Name, exact.Match.Correlation, exact.Match.ZScore, tensor.Slot.Layer));
        }
        var covered = donors.Values.Sum() / (double)Math.Max(1, child.Parameters);
        var kept = donors.Where(d => d.Value >= 0.05 * child.Parameters).OrderBy(d => d.Key.Order).ToList();
        if (covered < 0.8 || kept.Count == 0)
            return null;
        var total = kept.Sum(d => (double)d.Value);
        var parents = kept.Select(d => new ParentEvidence(d.Key.Id, d.Value / total, adjusted(pairs.First(p => p.Parent == d.Key)), pairs.First(p => p.Parent == d.Key).Similarity)).ToList();
        var summary = $"layers stacked from {string.Join(" and ", parents.Select(p => $"{p.Id} ({100 * p.Share:F0} % of the parameters)"))}: "
            + $"{child.Layers} layers, each bit for bit a donor's ({100 * covered:F0} % of the parameters found)";
        return new Verdict(child.Id, Relations.Merge, parents, MergeMethods.Passthrough,
            new Dictionary<string, double[]> { ["layers"] = [.. kept.Select(d => (double)tensors.Where(t => t.Parent == d.Key.Id && t.Layer >= 0).Select(t => t.Layer).Distinct().Count())] }, [],
            new VerdictEvidence(0, covered, earlier.Count, child.Tensors.Count, tensors, summary));
    }
}
