using System.Numerics.Tensors;
using HubWatch.Formats.Encoding;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Classification;

/// <summary>
/// Whether a quantised child is its parent rounded, or something else rounded. Affine block formats (ggml's Q*_0, Q*_1
/// and k-quants) store every run of a group's values on one grid, offset + k·step, and a
/// quantiser picks for each value the grid level nearest to it: so in a quantised copy every value that is not at an
/// end of its grid lies within half a step of the parent's. A fine-tune quantised afterwards moves a share of values
/// across level boundaries (about E|change| / step: a 5 % RMS change off a 4-bit grid moves one in ten), which the size
/// of the difference alone cannot show, since rounding to 4 or 3 bits already moves the weights by 8–18 % RMS.
/// The step is read off the child's own values; a run whose values fit no grid (non-uniform levels: IQ, NF4, FP4,
/// FP8) gives no evidence.
/// </summary>
internal static class GridEvidence
{
    /// <summary>How far, in steps, a value may sit from the grid fitted to its run: anchors are half floats (2⁻¹¹ of each value).</summary>
    private const double FitTolerance = 0.2;

    /// <summary>Values of the parent outside half a step (plus tolerance) of the child's, among those counted.</summary>
    public sealed record Result(int Counted, int OffGrid)
    {
        public double OffShare => Counted == 0 ? 0 : (double)OffGrid / Counted;
    }

    public static Result Of(PairComparison pair)
    {
        var (counted, off) = (0, 0);
        foreach (var m in pair.ByKind(MatchKind.Slot).Where(m => m.Child.IsMatrix && m.Parent is not null && m.Parent.Anchor.Length == m.Child.Anchor.Length))
        {
            if (GroupOf(m.Child.Source.Type) is not { } group)
                continue;
            var r = Of(m.Child.Anchor, m.Parent!.Anchor, (int)SamplingPlan.AnchorOf(m.Child.Shape).Columns, group);
            (counted, off) = (counted + r.Counted, off + r.OffGrid);
        }
        return new Result(counted, off);
    }

    /// <summary>Anchors as patches of rows of <paramref name="columns"/>, each row cut into runs of one group's values.</summary>
    public static Result Of(ReadOnlySpan<float> child, ReadOnlySpan<float> parent, int columns, (int Values, int Levels) group)
    {
        var (counted, off) = (0, 0);
        if (columns % group.Values != 0)
            return new Result(0, 0);
        for (var start = 0; start + group.Values <= child.Length; start += group.Values)
        {
            var c = child.Slice(start, group.Values);
            if (StepOf(c, group.Levels) is not { } step)
                continue;
            // half a step, plus what half-float anchors and an fp16 scale can add at the grid's largest level (2⁻¹¹ of it, twice)
            var limit = (0.52 + (group.Levels / 1024.0)) * step;
            var (low, high) = (TensorPrimitives.Min(c), TensorPrimitives.Max(c));
            for (var i = 0; i < c.Length; i++)
            {
                if (c[i] == low || c[i] == high)
                    continue; // an end of the grid also holds values clipped to it
                counted++;
                if (Math.Abs(c[i] - parent[start + i]) > limit)
                    off++;
            }
        }
        return new Result(counted, off);
    }

    /// <summary>Values per run on one grid and the levels the grid has, for the affine formats; null for the others.</summary>
    public static (int Values, int Levels)? GroupOf(TensorType type) => type switch
    {
        TensorType.Q8_0 => (32, 255),
        TensorType.Q4_0 or TensorType.Q4_1 => (32, 16),
        TensorType.Q5_0 or TensorType.Q5_1 => (32, 32),
        TensorType.Q4_K => (32, 16),
        TensorType.Q5_K => (32, 32),
        TensorType.Q6_K => (16, 64),
        TensorType.Q3_K => (16, 8),
        TensorType.Q2_K => (16, 4),
        // not GPTQ and AWQ: GPTQ's error feedback and AWQ's channel scales choose codes that are not the nearest to the
        // original, so their copies leave values off its grid too (and MLX shares their type)
        _ => null,
    };

    /// <summary>
    /// The grid step of a run: the smallest gap between its distinct values, divided by the first k that makes every
    /// value an offset + whole steps; null when no step of at most <paramref name="levels"/> levels fits (not one grid).
    /// </summary>
    public static double? StepOf(ReadOnlySpan<float> run, int levels)
    {
        var distinct = run.ToArray().Distinct().Order().ToArray();
        if (distinct.Length < 3)
            return null;
        var smallest = double.MaxValue;
        for (var i = 1; i < distinct.Length; i++)
            smallest = Math.Min(smallest, (double)distinct[i] - distinct[i - 1]);
        for (var k = 1; k <= 8; k++)
        {
            var step = smallest / k;
            if ((distinct[^1] - distinct[0]) / step > levels)
                return null;
            if (distinct.All(v => Math.Abs(((v - distinct[0]) / step) - Math.Round((v - distinct[0]) / step)) <= FitTolerance))
                return step;
        }
        return null;
    }
}
