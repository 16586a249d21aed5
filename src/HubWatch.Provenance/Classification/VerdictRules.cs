using HubWatch.Domain.Lineage;
using HubWatch.Formats.Encoding;
using HubWatch.Kernels;
using HubWatch.Provenance.Escalation;

namespace HubWatch.Provenance.Classification;

/// <summary>
/// Turns comparisons into one verdict per model. The thresholds are physical, not tuned per model: a copy differs
/// by float rounding only (relative error &lt; 0.4 %), a quantised copy stays within its quantisation step in fewer
/// bits than its parent, a disguised copy adds i.i.d. noise (&lt; 3 % of the weights' RMS on every tensor, without the
/// row structure training leaves: <see cref="ChangeStructure"/>), and a merge is explained by two or more parents far better than by any one.
/// </summary>
internal sealed partial class VerdictRules(IReadOnlyDictionary<string, PreparedModel> prepared, double copyCoverage = 0.9)
{
    private const double CopyError = 0.004;
    private const double NoiseError = 0.03;

    /// <summary>
    /// Values of a quantised child off its parent's rounding grid above which it was changed before rounding
    /// (<see cref="GridEvidence"/>): a copy leaves none (measured: 0 on ggml's seven affine types); a 5 % RMS change
    /// leaves 1.5 % off a Q2_K grid and 4–40 % off the finer ones.
    /// </summary>
    private const double OffGridShare = 0.01;

    /// <summary>Grid-checked values below which the grid says nothing (an anchor holds 512).</summary>
    private const int MinGridValues = 64;

    /// <summary>
    /// Coefficient spread that tensor-to-tensor differences alone give a constant-weight merge: slerp's per-tensor angles
    /// and anchor sampling move coefficients by ≈ 0.01; a layer gradient of mergekit's (t from 0 to 1) by 0.3 and more.
    /// </summary>
    private const double SpreadMargin = 0.05;

    /// <summary>
    /// RMS error a quantisation of this type leaves, relative to the weights' RMS, with a margin. ggml types: 1.5 × the
    /// worst row of ggml's own reference quantiser on 512 weight-like rows (Student-t, per-row scales; measured figures in
    /// the formats tests' GgmlReference/MANIFEST.md); the others ½ step of their grid.
    /// </summary>
    private static double QuantizedError(TensorType type) => type switch
    {
        TensorType.BF16 => 0.006,
        TensorType.Q8_0 or TensorType.I8 or TensorType.U8 or TensorType.Q8_K => 0.03,
        TensorType.Q6_K => 0.05,
        TensorType.Q5_1 or TensorType.Q5_K => 0.08,
        TensorType.Q5_0 => 0.11,
        TensorType.Q4_K or TensorType.Q4_1 or TensorType.IQ4_NL or TensorType.IQ4_XS => 0.17,
        TensorType.Q4_0 => 0.21,
        TensorType.NVFP4 => 0.18,
        TensorType.MXFP4 => 0.24,
        TensorType.IQ3_S => 0.3,
        TensorType.Q3_K => 0.33,
        TensorType.IQ3_XXS => 0.36,
        TensorType.IQ2_S => 0.59,
        TensorType.Q2_K => 0.6,
        TensorType.IQ2_XS => 0.63,
        TensorType.IQ2_XXS => 0.79,
        // a scaled FP8 value is off by at most ½ step of its mantissa: 2^-4 of it for E4M3 (3 bits), 2^-3 for E5M2
        TensorType.F8_E4M3 => 0.07,
        TensorType.F8_E5M2 => 0.13,
        // integers with a scale per group of 128 (GPTQ, AWQ, MLX), measured on the same rows by round-to-nearest,
        // symmetric (GPTQ's default) / asymmetric (AWQ's, MLX's): mean 0.009 / 0.008 at 8 bits, 0.075 / 0.063 at 5,
        // 0.156 / 0.129 at 4, 0.33 / 0.28 at 3; worst row twice that, as one outlier stretches a whole group's step.
        // The verdict's error is an RMS over every matrix, which approaches the mean: 1.6 × the mean, as GPTQ's error
        // feedback adds to the nearest level's error. 2-bit groups (0.66) keep too little of the weights to tell.
        TensorType.GroupedInt8 => 0.03,
        TensorType.GroupedInt6 => 0.12,
        TensorType.GroupedInt4 => 0.25,
        TensorType.GroupedInt3 => 0.53,
        // bitsandbytes 4-bit: 1.5 × the worst row of nearest-level quantisation with absmax blocks of 128 on the same rows
        // (measured 0.21 NF4, 0.32 FP4; blocks of 64: 0.13, 0.23)
        TensorType.NF4 => 0.31,
        TensorType.FP4 => 0.48,
        // 1- and 1.6-bit codes (IQ1, ternary, Q1_0/Q2_0) keep barely half the weights' energy: their error is that of
        // a different model, so the size of a difference cannot tell a copy from anything else
        _ => 0,
    };

    private readonly Dictionary<string, Verdict> _verdicts = new(StringComparer.Ordinal);

    public void Record(Verdict verdict) => _verdicts[verdict.ModelId] = verdict;

    public Verdict? VerdictOf(string id) => _verdicts.GetValueOrDefault(id);

    public static Verdict Unknown(string id, string reason) =>
        new(id, Relations.Unknown, [], null, new Dictionary<string, double[]>(), [], new VerdictEvidence(0, 0, 0, 0, [], reason));

    public Verdict Judge(PreparedModel child, IReadOnlyList<PreparedModel> earlier, IReadOnlyList<Candidate> candidates)
    {
        if (child.Model.SameBytesAs is { } same && prepared.TryGetValue(same, out var original) && original.Order < child.Order)
            return SameBytes(child, original);
        if (child.IsAdapter)
            return Single(child, Relations.Adapter, null, [], 0, 0, earlier.Count, "a LoRA adapter: its factors are an update, not weights to trace");

        var comparisons = Diversified(candidates).Select(c => PairComparison.Of(child, c.Model)).ToList();
        double Adjusted(PairComparison c) => Math.Min(1, c.PValue * Math.Max(1, earlier.Count)); // Bonferroni bound of Holm for the strongest
        // quantised copies and copies are leaves (primer §4: 99.4 % of quantised models): their originals come first
        var related = comparisons.Where(c => Adjusted(c) < ProvenanceClassifier.Significance)
            .OrderBy(c => IsLeaf(c.Parent) ? 1 : 0)
            // a rounded model is rounded from floats: two roundings onto one grid look alike whatever their lineage
            .ThenBy(c => child.IsRounded && c.Parent.IsRounded ? 1 : 0)
            .ThenByDescending(c => c.Parent.Layers == child.Layers)
            .ThenByDescending(c => c.MatchedShare >= 0.5).ThenByDescending(c => c.Similarity).ToList();
        if (related.Count == 0)
        {
            var strongest = comparisons.MinBy(c => c.PValue);
            return Single(child, Relations.Independent, null, [], 0, 0, earlier.Count, strongest is null
                ? $"no earlier model of this width shows any similarity ({earlier.Count} compared)"
                : $"no earlier model is related: the strongest, {strongest.Parent.Id}, has combined z {strongest.Combined:F1}, p {Adjusted(strongest):G2} after correction for {earlier.Count} candidates");
        }
        var best = related[0];
        if (child.Layers > 0 && related.All(c => c.Parent.Layers != child.Layers))
            return Passthrough(child, earlier, Adjusted) ?? FromSingle(child, best, Adjusted(best), earlier.Count);
        // a rounded child that is the whole of a float candidate rounded is that candidate's copy, though a rounding of
        // nearly the same weights (a quantised fine-tune of it, in the same format) shares most rounding errors and can
        // sit closer; originals before their copies and casts (leaves), then the closest
        var roundings = related.Where(c => !c.Parent.IsRounded && Coverage(child, c) >= copyCoverage && IsRoundedFrom(child, c));
        if (child.IsRounded && roundings.OrderBy(c => IsLeaf(c.Parent) ? 1 : 0).ThenBy(c => c.RelativeError).FirstOrDefault() is { } rounding)
            return FromSingle(child, rounding, Adjusted(rounding), earlier.Count);
        // rearranged tensors (transposed, permuted, reordered) point to one parent: merges are computed in place. The
        // closest: a transposed block correlates with a fine-tune of the original as well as with the original itself
        var rearranged = related.Where(c => c.Matches.Any(m => m.Kind is MatchKind.Sketch or MatchKind.Content or MatchKind.Transposed) && c.MatchedShare > 0.9 && c.RelativeError < NoiseError)
            .OrderBy(c => c.RelativeError < CopyError ? 0 : 1).ThenBy(c => IsLeaf(c.Parent) ? 1 : 0).ThenBy(c => c.RelativeError).FirstOrDefault();
        if (best.Matches.Any(m => m.Kind is MatchKind.Sketch or MatchKind.Content or MatchKind.Transposed) && rearranged is not null)
            return FromSingle(child, rearranged, Adjusted(rearranged), earlier.Count);
        // dense merges are exact in their parents' span; ties and dare leave entries equal to an earlier model
        var fitCandidates = FitCandidates(related);
        // two roundings onto one grid share their errors: a rounded child's fit is not searched beyond the greedy path
        var fit = Originals(child, MergeFit.Select(child, fitCandidates, fitCandidates.Where(IsMerge).ToHashSet(), exhaustive: !child.IsRounded));
        if (fit.IsExact)
            return Merge(child, fit, comparisons, Adjusted, earlier.Count);
        if (SparseMerge(child, related, comparisons, Adjusted, earlier.Count) is { } sparse)
            return sparse;
        if (fit.Members.Count >= 2)
            return Merge(child, fit, comparisons, Adjusted, earlier.Count);
        var parent = Inherited(child, fit.Members[0]);
        var single = related.FirstOrDefault(c => c.Parent == parent) ?? PairComparison.Of(child, parent);
        return FromSingle(child, single, Adjusted(single), earlier.Count);
    }

    /// <summary>
    /// The closest model, or its own parent when the child did not inherit its change. A heavy fine-tune of a base is
    /// about as close to a light fine-tune of the same base as to the base itself (their distances differ by the light
    /// change, 1–3 % beside 50 %), and closer to it where the two were trained on similar data. The fit on both says
    /// which: a child of the light one carries its change once (coefficient ≈ 1); a sibling none of it (≈ 0), or, where
    /// the two changes share a direction, that direction many times over (the heavy change's share of it). A quantised or
    /// noised copy of the closest carries its change once, rounding aside.
    /// </summary>
    private PreparedModel Inherited(PreparedModel child, PreparedModel closest)
    {
        if (!_verdicts.TryGetValue(closest.Id, out var verdict) || verdict.Relation != Relations.Finetune || verdict.Parents.Count != 1
            || !prepared.TryGetValue(verdict.Parents[0].Id, out var origin))
            return closest;
        // pooled over every matrix, weighted by how much the closest one changed there: a low-rank update leaves most
        // matrices within rounding of the base, where a tensor-by-tensor coefficient is the child's rounding alone
        return DeltaFit(child, origin, [closest]) is { } fit && Math.Abs(fit.Weights[0] - 1) > 0.5 ? Inherited(child, origin) : closest;
    }

    /// <summary>
    /// The strongest candidates, their ancestors (a quantised copy's original, a fine-tune's base), and the strongest
    /// of each other family: a merge's second parent must not be crowded out by the first one's descendants.
    /// </summary>
    private List<Candidate> Diversified(IReadOnlyList<Candidate> candidates)
    {
        var chosen = candidates.Take(8).ToList();
        var byId = candidates.ToDictionary(c => c.Model.Id, StringComparer.Ordinal);
        foreach (var ancestor in chosen.ToList().SelectMany(c => AncestorsOf(c.Model.Id)).Distinct().Take(8))
        {
            if (byId.TryGetValue(ancestor, out var found) && !chosen.Contains(found))
                chosen.Add(found);
        }
        foreach (var family in candidates.Where(c => !chosen.Contains(c)).GroupBy(c => RootOf(c.Model.Id)).Take(6))
        {
            if (chosen.All(c => RootOf(c.Model.Id) != family.Key))
                chosen.Add(family.First());
        }
        return chosen;
    }

    /// <summary>The fit's candidates: the six most similar, and the most similar of each other family.</summary>
    private List<PreparedModel> FitCandidates(IReadOnlyList<PairComparison> related)
    {
        var bySimilarity = related.Where(c => !IsLeaf(c.Parent)).OrderByDescending(c => c.Similarity).ToList();
        var chosen = bySimilarity.Take(6).Select(c => c.Parent).ToList();
        foreach (var family in bySimilarity.Where(c => !chosen.Contains(c.Parent)).GroupBy(c => RootOf(c.Parent.Id)).Take(3))
        {
            if (chosen.All(c => RootOf(c.Id) != family.Key))
                chosen.Add(family.First().Parent);
        }
        return chosen.Count > 0 ? chosen : [related[0].Parent];
    }

    /// <summary>The models, then up to two of their ancestors among the related (nearest first).</summary>
    private List<PreparedModel> WithAncestors(IEnumerable<PreparedModel> models, IReadOnlyList<PairComparison> related)
    {
        var chosen = models.ToList();
        var ancestors = chosen.SelectMany(m => AncestorsOf(m.Id)).Distinct()
            .Select(id => related.FirstOrDefault(c => c.Parent.Id == id)?.Parent).OfType<PreparedModel>()
            .Where(a => !chosen.Contains(a) && !IsLeaf(a)).Take(2).ToList();
        chosen.AddRange(ancestors);
        return chosen;
    }

    private IEnumerable<string> AncestorsOf(string id, int depth = 4)
    {
        if (depth == 0 || !_verdicts.TryGetValue(id, out var verdict))
            yield break;
        foreach (var parent in verdict.Parents)
        {
            yield return parent.Id;
            foreach (var further in AncestorsOf(parent.Id, depth - 1))
                yield return further;
        }
    }

    private string RootOf(string id, int depth = 8) =>
        depth > 0 && _verdicts.TryGetValue(id, out var v) && v.Parents.Count > 0 ? RootOf(v.Parents[0].Id, depth - 1) : id;

    private bool IsLeaf(PreparedModel model) =>
        _verdicts.TryGetValue(model.Id, out var v) && v.Relation is Relations.Quantized or Relations.Copy or Relations.Adapter;

    /// <summary>
    /// Parsimony: a member that is a copy, a quantised copy or an exact merge of other models is replaced by its own
    /// parents when they explain the child as well — the child was merged from the originals. Not a merge member whose
    /// own recipe is then seen in the child's coefficients: a slerp of a gradient merge and one of its parents is exact
    /// over both parent sets, but with one t throughout only over the merge itself (the simpler recipe).
    /// </summary>
    private MergeFit Originals(PreparedModel child, MergeFit fit)
    {
        for (var round = 0; round < 3; round++)
        {
            var replaced = false;
            foreach (var member in fit.Members)
            {
                if (!_verdicts.TryGetValue(member.Id, out var verdict) || verdict.Relation is not (Relations.Copy or Relations.Quantized or Relations.Merge))
                    continue;
                var sources = verdict.Parents.Select(p => prepared.GetValueOrDefault(p.Id)).OfType<PreparedModel>().ToList();
                if (sources.Count == 0 || sources.Count < verdict.Parents.Count)
                    continue;
                var members = fit.Members.Where(m => m != member).Concat(sources).Distinct().Where(m => m.Order < child.Order).ToList();
                var candidate = MergeFit.Of(child, members);
                var asSimple = verdict.Relation != Relations.Merge || candidate.CoefficientSpread <= fit.CoefficientSpread + SpreadMargin;
                // more members only where a recipe's formula over the originals shows they were the inputs (model stock,
                // nuslerp), or where the fit adds changes to a base already (task arithmetic is linear in the changes: an
                // earlier merge of two of them stands in for both only when its ratio happens to be the child's)
                var fewer = members.Count <= fit.Members.Count || (members.Count <= MergeFit.MaxParents && candidate.IsExact
                    && BaseOf(candidate) is { } origin && (fit.Members.Contains(origin) || TaskVectorRecipe(candidate, origin) is not null));
                if (candidate.Tensors.Count > 0 && candidate.Residual <= Math.Max(2 * fit.Residual, 1e-5) && fewer && asSimple)
                {
                    fit = candidate;
                    replaced = true;
                    break;
                }
            }
            if (!replaced)
                break;
        }
        return fit;
    }

    /// <summary>The member every other member descends from: the base a task-arithmetic recipe adds changes to.</summary>
    private PreparedModel? BaseOf(MergeFit fit) => fit.Members.FirstOrDefault(b => fit.Members.Where(o => o != b).All(o => IsAncestor(b.Id, o.Id)));

    /// <summary>Byte-identical files: a copy, unless the original is itself a quantised copy (two quantisers, one result).</summary>
    private Verdict SameBytes(PreparedModel child, PreparedModel original)
    {
        var verdict = _verdicts[original.Id];
        if (verdict.Relation == Relations.Quantized)
            return verdict with { ModelId = child.Id, Evidence = verdict.Evidence with { Summary = $"the same bytes as {original.Id}, itself a quantised copy: " + verdict.Evidence.Summary } };
        return new Verdict(child.Id, Relations.Copy, [new ParentEvidence(original.Id, 1, 0, 1)], null, new Dictionary<string, double[]>(), [],
            new VerdictEvidence(0, 1, 1, 0, [], $"the weight files are byte for byte those of {original.Id} (LFS sha256), uploaded earlier"));
    }

    /// <summary>The share of the child's parameters, read or not, in tensors matched to the parent's.</summary>
    private static double Coverage(PreparedModel child, PairComparison pair) =>
        pair.MatchedParameters / (double)Math.Max(1, child.Parameters + child.UnreadParameters);

    /// <summary>Enough values checked, and more than a rounding leaves off the grid that rounding the parent gives.</summary>
    private static bool OffGrid(GridEvidence.Result? grid) => grid is { Counted: >= MinGridValues } && grid.OffShare > OffGridShare;

    /// <summary>
    /// The child is the parent rounded: stored in fewer bits, within its format's error, on the parent's grid (read
    /// from <paramref name="grid"/>, or last and only when the rest holds).
    /// </summary>
    private static bool IsRoundedFrom(PreparedModel child, PairComparison pair, GridEvidence.Result? grid = null) =>
        child.IsQuantizedFrom(pair.Parent) && pair.RelativeError < QuantizedError(child.MainType) && !OffGrid(grid ?? GridEvidence.Of(pair));

    private Verdict FromSingle(PreparedModel child, PairComparison pair, double p, int candidates)
    {
        var parent = pair.Parent;
        var transforms = TransformsOf(pair);
        var e = pair.RelativeError;
        var slotErrors = pair.ByKind(MatchKind.Slot).Where(m => m.Child.IsMatrix).Select(m => m.RelativeError).ToList();
        var unchanged = slotErrors.Count == 0 ? 0 : slotErrors.Count(x => x < CopyError) / (double)slotErrors.Count;
        string relation;
        string reason;
        // a quantised child whose values left the grid that rounding the parent gives was changed before it was rounded
        var grid = child.IsQuantizedFrom(parent) ? GridEvidence.Of(pair) : null;
        var offGrid = OffGrid(grid);
        if (child.IsQuantizedFrom(parent) && QuantizedError(child.MainType) == 0)
            (relation, reason) = (Relations.Unknown, $"undecided: derived from {parent.Id} (correlation {pair.Similarity:F3}), but in {child.StorageFormat} rounding alone moves the weights by {100 * e:F0} % RMS, so a quantised copy cannot be told from a quantised fine-tune");
        else if (IsRoundedFrom(child, pair, grid))
        {
            (relation, reason) = (Relations.Quantized, $"{parent.Id} in {child.StorageFormat} ({child.Naming} names): within {100 * e:F2} % RMS, a quantisation step");
            transforms.Add(Transforms.Quantized);
        }
        else if (e < CopyError)
            (relation, reason) = (Relations.Copy, $"the weights of {parent.Id}, unchanged but for rounding (RMS difference {100 * e:F3} %)");
        else if (e < NoiseError && unchanged < 0.1 && !offGrid && ChangeStructure.Of(pair) is var structure && !structure.IsTraining)
        {
            // small is not enough to accuse: a light fine-tune is as small; only a change without training's structure is noise
            if (structure.IsNoise)
            {
                (relation, reason) = (Relations.Copy, $"the weights of {parent.Id} with small i.i.d. noise on every tensor ({100 * e:F2} % RMS; {structure.Describe()})");
                transforms.Add(Transforms.Noise);
            }
            else
            {
                (relation, reason) = (Relations.Unknown, $"undecided: {parent.Id} changed by {100 * e:F2} % RMS, as much as a light fine-tune or added noise, "
                    + $"and the rows read cannot tell which ({structure.Describe()}; noise stays within {ChangeStructure.Unstructured}×, training needs {ChangeStructure.Structured}× and 4 deviations): read more");
            }
        }
        else
        {
            (relation, reason) = (Relations.Finetune, $"trained further from {parent.Id}: correlation {pair.Similarity:F3}, RMS change {100 * e:F1} %"
                + (unchanged > 0.1 ? $", {100 * unchanged:F0} % of its matrices untouched (a low-rank update)" : "")
                + (e < NoiseError && ChangeStructure.Of(pair) is { IsTraining: true } trained ? $"; small, but structured as training is ({trained.Describe()})" : ""));
            if (child.IsQuantizedFrom(parent))
            {
                // a fine-tune whose float weights were never published: say in what it was, and what showed the training
                reason += $"; quantised ({child.StorageFormat})"
                    + (offGrid ? $", {100 * grid!.OffShare:F0} % of its values off the grid that rounding {parent.Id} gives" : "");
                transforms.Add(Transforms.Quantized);
            }
        }
        if (transforms.Count > 0 && relation != Relations.Quantized)
            reason += $"; seen through: {string.Join(", ", transforms)}";
        var covered = Coverage(child, pair);
        EscalationRequest? escalation = null;
        if (relation is Relations.Copy or Relations.Quantized && covered < copyCoverage)
            (covered, reason, escalation) = Escalated(child, pair, covered, e, reason);
        if (relation is Relations.Copy or Relations.Quantized && covered < copyCoverage)
        {
            // an accusation needs the model, not a sliver of it: say what was compared and decide nothing
            reason = $"undecided: {reason}, but that compares only {100 * covered:F0} % of its parameters"
                + (child.UnreadParameters > 0 ? $" ({child.UnreadParameters:N0} in tensors HubWatch could not read)" : "")
                + $"; a copy verdict needs {100 * copyCoverage:F0} %";
            relation = Relations.Unknown;
        }
        return Single(child, relation, pair, transforms, p, e, candidates, reason) with { Escalation = escalation };
    }

    private static List<string> TransformsOf(PairComparison pair)
    {
        var transforms = new List<string>();
        // most matched tensors under other names: another converter's scheme, or an exporter's anonymous one
        var matched = pair.Matches.Where(m => m.Kind != MatchKind.None && m.Parent is not null).ToList();
        if (2 * matched.Count(m => m.Parent!.Name != m.Child.Name) > matched.Count)
            transforms.Add(Transforms.Renamed);
        var sketched = pair.ByKind(MatchKind.Sketch).Where(m => !pair.IsRowOrderConvention(m)).ToList();
        var transposed = sketched.Any(m => m.Parent!.Dims != m.Child.Dims) || pair.ByKind(MatchKind.Transposed).Any();
        if (transposed)
            transforms.Add(Transforms.Transposed);
        // a square matrix transposed keeps its dimensions: where the others were transposed, so was it
        if (sketched.Any(m => m.Parent!.Dims == m.Child.Dims && !(transposed && m.Child.Shape is [var rows, var columns] && rows == columns)))
            transforms.Add(Transforms.Permuted);
        if (pair.ByKind(MatchKind.Content).Any(m => m.Parent!.Slot.Layer != m.Child.Slot.Layer && m.Child.Slot.Layer >= 0))
            transforms.Add(Transforms.Reordered);
        return transforms;
    }

    private Verdict Single(PreparedModel child, string relation, PairComparison? pair, IReadOnlyList<string> transforms, double p, double error, int candidates, string reason)
    {
        var parents = pair is null ? [] : new[] { new ParentEvidence(pair.Parent.Id, 1, p, pair.Similarity) };
        var tensors = pair is null ? [] : Evidence(pair);
        return new Verdict(child.Id, relation, parents, null, new Dictionary<string, double[]>(), transforms,
            new VerdictEvidence(error, pair is null ? 0 : pair.Similarity * pair.Similarity, candidates, pair?.Matches.Count ?? 0, tensors, reason));
    }

    private static List<TensorEvidence> Evidence(PairComparison pair) =>
        [.. pair.Matches.Select(m => new TensorEvidence(m.Child.Name, m.Kind == MatchKind.None ? null : pair.Parent.Id, m.Parent?.Name, m.Correlation, m.ZScore, m.Child.Slot.Layer))];

    /// <summary>Whether <paramref name="ancestor"/> is among the verdict parents of <paramref name="model"/>, up to five generations.</summary>
    private bool IsAncestor(string ancestor, string model, int depth = 5) =>
        depth > 0 && _verdicts.TryGetValue(model, out var verdict) && verdict.Parents.Any(p => p.Id == ancestor || IsAncestor(ancestor, p.Id, depth - 1));

    private static double SimilarityOf(IEnumerable<PairComparison> comparisons, string id) => comparisons.FirstOrDefault(c => c.Parent.Id == id)?.Similarity ?? 0;
}
