using HubWatch.Kernels;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Classification;

/// <summary>How a child tensor was matched to a parent tensor.</summary>
internal enum MatchKind
{
    None,

    /// <summary>Same slot, anchors compared value for value.</summary>
    Slot,

    /// <summary>Another tensor of the same shape matched better (layers reordered or roles renamed oddly).</summary>
    Content,

    /// <summary>Only the sorted values agree: a transposed or permuted copy of the tensor.</summary>
    Sketch,

    /// <summary>The cross blocks agree once transposed (<see cref="SamplingPlan.CrossOf"/>): the tensor stored [in, out].</summary>
    Transposed,
}

internal sealed record TensorMatch(PreparedTensor Child, PreparedTensor? Parent, MatchKind Kind, double Correlation, double ZScore, double RelativeError);

/// <summary>
/// A child compared with one candidate parent, tensor by tensor: matched by slot, then by content among tensors of the
/// same shape, then by sorted values (transposed, permuted); z-scores against a null calibrated on this pair's own
/// shifted anchors; their Stouffer combination and its p-value.
/// </summary>
internal sealed class PairComparison
{
    /// <summary>Below this a slot's correlation is no match: unrelated anchors of 512 values stay under 0.25.</summary>
    public const double MatchCorrelation = 0.5;

    /// <summary>
    /// Sketches of one tensor's values closer than this (relative RMS) are the same values, rearranged: a copy's differ
    /// by float16 rounding (≈ 5e-4) while two independent Gaussian tensors of equal scale still differ by ≈ 1 % in the tails.
    /// </summary>
    public const double SketchTolerance = 0.003;

    /// <summary>
    /// A cross block holds 64 values: unrelated ones correlate within ±0.125 (1σ), and a matrix has a few dozen
    /// same-shaped rivals, so a transposed match needs 0.7 (5.6σ).
    /// </summary>
    public const double CrossCorrelation = 0.7;

    private PairComparison(PreparedModel child, PreparedModel parent, List<TensorMatch> matches, double nullScale)
    {
        Child = child;
        Parent = parent;
        Matches = matches;
        NullScale = nullScale;
        var compared = matches.Where(m => m.Kind is MatchKind.Slot or MatchKind.Content or MatchKind.Transposed or MatchKind.None && m.Child.Anchor.Length >= 16).ToList();
        Combined = compared.Count == 0 ? 0 : compared.Sum(m => m.ZScore) / Math.Sqrt(compared.Count);
        PValue = SimilarityStatistics.NormalUpperTail(Combined);
        var anchored = matches.Where(m => m.Kind is MatchKind.Slot or MatchKind.Content or MatchKind.Transposed && m.Child.IsMatrix).ToList();
        // over every matrix with a partner in place: a merge parent of weight 0.3 correlates ≈ 0.4, below a match
        var inPlace = matches.Where(m => m.Child.IsMatrix && m.Kind is MatchKind.Slot or MatchKind.None && m.Parent is not null).ToList();
        Similarity = inPlace.Count == 0 ? anchored.Select(m => m.Correlation).DefaultIfEmpty(0).Average() : inPlace.Average(m => m.Correlation);
        // value for value where anchors were compared, sorted value for sorted value where only the sketch matched (a
        // transposed export has no tensor whose anchor lines up)
        var measured = matches.Where(m => m.Kind is MatchKind.Slot or MatchKind.Content or MatchKind.Sketch or MatchKind.Transposed && m.Child.IsMatrix).ToList();
        RelativeError = measured.Count == 0 ? 1 : Math.Sqrt(measured.Sum(m => m.RelativeError * m.RelativeError * m.Child.Elements) / measured.Sum(m => (double)m.Child.Elements));
        MatchedParameters = matches.Where(m => m.Kind != MatchKind.None).Sum(m => m.Child.Elements);
        MatchedShare = MatchedParameters / Math.Max(1, matches.Sum(m => (double)m.Child.Elements));
    }

    public PreparedModel Child { get; }
    public PreparedModel Parent { get; }
    public IReadOnlyList<TensorMatch> Matches { get; }

    /// <summary>The child's parameters in tensors matched to one of the parent's.</summary>
    public long MatchedParameters { get; }

    /// <summary>How much wider than 1/√n the null of this pair is (≥ 1).</summary>
    public double NullScale { get; }
    public double Combined { get; }
    public double PValue { get; }

    /// <summary>Mean correlation of the value-matched matrices.</summary>
    public double Similarity { get; }
    public double RelativeError { get; }

    /// <summary>Share of the child's parameters matched in any way.</summary>
    public double MatchedShare { get; }

    public IEnumerable<TensorMatch> ByKind(MatchKind kind) => Matches.Where(m => m.Kind == kind);

    /// <summary>Whether a match only reflects two conventions of row order (Meta's and transformers'), not a rearrangement.</summary>
    public bool IsRowOrderConvention(TensorMatch match) => RowOrdersDiffer(match.Child, Child, Parent);

    public static PairComparison Of(PreparedModel child, PreparedModel parent)
    {
        var raw = child.Tensors.Select(t => Match(t, child, parent)).ToList();
        var calibrating = raw.Where(m => m.Parent is not null && m.Kind is MatchKind.Slot or MatchKind.Content).ToList();
        var scale = calibrating.Count == 0 ? 1 : Math.Max(1, Math.Sqrt(calibrating.Average(m => AnchorMath.NullSquares(m.Child.Anchor, m.Parent!.Anchor))));
        var matches = raw.Select(m => m with { ZScore = m.Correlation * Math.Sqrt(m.Kind == MatchKind.Transposed ? m.Child.Source.Cross.Length : m.Child.Anchor.Length) / scale }).ToList();
        return new PairComparison(child, parent, matches, scale);
    }

    private static TensorMatch Match(PreparedTensor child, PreparedModel childModel, PreparedModel parent)
    {
        var slot = parent.BySlot.GetValueOrDefault(child.Slot);
        if (slot is not null && RowOrdersDiffer(child, childModel, parent))
            return BySortedValues(child, slot, parent, 0) ?? new TensorMatch(child, slot, MatchKind.None, 0, 0, 1);
        var slotCorrelation = slot is not null && slot.Dims == child.Dims ? AnchorMath.Correlation(child.Anchor, slot.Anchor) : 0;
        if (slotCorrelation >= MatchCorrelation)
            return new TensorMatch(child, slot, MatchKind.Slot, slotCorrelation, 0, ErrorOf(child, slot!, childModel));

        // the same shape elsewhere: reordered layers, or roles a converter renamed unexpectedly
        var best = parent.Tensors.Where(t => t.Dims == child.Dims && t != slot)
            .Select(t => (Tensor: t, R: AnchorMath.Correlation(child.Anchor, t.Anchor)))
            .DefaultIfEmpty().MaxBy(p => p.R);
        if (best.Tensor is not null && best.R >= MatchCorrelation)
            return new TensorMatch(child, best.Tensor, MatchKind.Content, best.R, 0, ErrorOf(child, best.Tensor, childModel));

        return ByCrossBlock(child, slot, parent) ?? BySortedValues(child, slot, parent, slotCorrelation) ?? new TensorMatch(child, slot, MatchKind.None, slotCorrelation, 0, 1);
    }

    /// <summary>
    /// The parent's matrix of the transposed shape whose cross block, transposed, is the child's (the slot's tensor
    /// first). Invariance: transposition and renaming, at any partial read that covers the anchor's band.
    /// </summary>
    private static TensorMatch? ByCrossBlock(PreparedTensor child, PreparedTensor? slot, PreparedModel parent)
    {
        var best = parent.Tensors.Select(t => (Tensor: t, R: CrossCorrelationOf(child, t)))
            .Where(p => p.R >= CrossCorrelation)
            .OrderBy(p => p.Tensor == slot ? 0 : 1).ThenByDescending(p => p.R).FirstOrDefault();
        return best.Tensor is null ? null
            : new TensorMatch(child, best.Tensor, MatchKind.Transposed, best.R, 0, AnchorMath.RelativeError(child.Source.Cross, Transpose(best.Tensor.Source.Cross, SamplingPlan.AnchorRows)));
    }

    /// <summary>
    /// The correlation of the child's cross block with the parent's transposed, where the parent's matrix has the
    /// transposed shape and both blocks were read; 0 otherwise.
    /// </summary>
    public static double CrossCorrelationOf(PreparedTensor child, PreparedTensor parent)
    {
        var (a, b) = (child.Source.Cross, parent.Source.Cross);
        return a.Length == SamplingPlan.AnchorRows * SamplingPlan.AnchorRows && b.Length == a.Length
            && child.Shape is [var rows, var columns] && parent.Shape is [var parentRows, var parentColumns] && rows == parentColumns && columns == parentRows
            ? AnchorMath.Correlation(a, Transpose(b, SamplingPlan.AnchorRows))
            : 0;
    }

    private static float[] Transpose(float[] square, int side)
    {
        var result = new float[square.Length];
        for (var r = 0; r < side; r++)
        {
            for (var c = 0; c < side; c++)
                result[c * side + r] = square[r * side + c];
        }
        return result;
    }

    /// <summary>How far the child's anchor is from the parent's: up to a row and column scale where AWQ folded one in.</summary>
    private static double ErrorOf(PreparedTensor child, PreparedTensor parent, PreparedModel childModel) =>
        childModel.FoldsChannelScales && child.IsMatrix
            ? AnchorMath.ScaledRelativeError(child.Anchor, parent.Anchor, (int)SamplingPlan.AnchorOf(child.Shape).Columns)
            : AnchorMath.RelativeError(child.Anchor, parent.Anchor);

    /// <summary>The same values in another order: a transposed or permuted copy (the slot's tensor first).</summary>
    private static TensorMatch? BySortedValues(PreparedTensor child, PreparedTensor? slot, PreparedModel parent, double slotCorrelation)
    {
        var sketch = parent.Tensors.Where(t => t.ShapeKey == child.ShapeKey && t.Source.Sketch.Length == child.Source.Sketch.Length && t.Source.Sketch.Length > 0)
            .Select(t => (Tensor: t, D: AnchorMath.RelativeError(child.Source.Sketch, t.Source.Sketch)))
            .OrderBy(p => p.Tensor == slot ? 0 : 1).ThenBy(p => p.D).FirstOrDefault(p => p.D <= SketchTolerance);
        return sketch.Tensor is not null && child.IsMatrix ? new TensorMatch(child, sketch.Tensor, MatchKind.Sketch, slotCorrelation, 0, sketch.D) : null;
    }

    /// <summary>
    /// Meta's checkpoints (and llama2.c's) keep each head's query and key rows interleaved for rotary pairs, as GGUF
    /// does; transformers splits them in halves, and HubWatch reads GGUF ones in that order (RopePairedRowsLayout).
    /// A Meta file does not give the head count that would align its rows with the others': only its values, sorted,
    /// can be compared there.
    /// </summary>
    private static bool RowOrdersDiffer(PreparedTensor child, PreparedModel childModel, PreparedModel parent) =>
        child.Slot.Role is "attn_q" or "attn_k" && (childModel.Naming == "meta") != (parent.Naming == "meta");
}
