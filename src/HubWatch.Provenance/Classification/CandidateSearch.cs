using HubWatch.Kernels;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Classification;

/// <summary>A candidate parent found by the batched kernel, before the detailed comparison.</summary>
internal sealed record Candidate(PreparedModel Model, double Stouffer, double MaxZ);

/// <summary>
/// The candidate parents of each model of one width class: every earlier model compared at once with the batched
/// similarity kernel (one query against a matrix of stored anchors, slot by slot). Cheap enough for tens of
/// thousands of fingerprints; the few candidates with a signal go on to <see cref="PairComparison"/>.
/// </summary>
internal sealed class CandidateSearch
{
    private const int Width = SamplingPlan.AnchorValues;

    private readonly ISimilarityKernels _kernels;
    private readonly IReadOnlyList<PreparedModel> _models;
    private readonly int[] _segments;
    private readonly float[] _matrix;
    private readonly bool[] _present;
    private readonly int _slots;

    /// <param name="models">One width class, in upload order.</param>
    public CandidateSearch(ISimilarityKernels kernels, IReadOnlyList<PreparedModel> models)
    {
        _kernels = kernels;
        _models = models;
        var slots = models.SelectMany(m => m.Tensors.Select(t => t.Slot)).Distinct().Select((slot, i) => (slot, i)).ToDictionary(p => p.slot, p => p.i);
        _slots = slots.Count;
        _segments = [.. Enumerable.Range(0, _slots + 1).Select(i => i * Width)];
        _matrix = new float[(long)models.Count * _slots * Width];
        _present = new bool[models.Count * _slots];
        for (var row = 0; row < models.Count; row++)
        {
            foreach (var tensor in models[row].BySlot.Values)
            {
                var slot = slots[tensor.Slot];
                tensor.Anchor.AsSpan(0, Math.Min(Width, tensor.Anchor.Length)).CopyTo(_matrix.AsSpan((int)(((long)row * _slots + slot) * Width), Width));
                _present[row * _slots + slot] = tensor.IsMatrix;
            }
        }
    }

    /// <summary>The earlier models with a signal, strongest first.</summary>
    public IReadOnlyList<Candidate> For(int row)
    {
        if (row == 0 || _slots == 0)
            return [];
        var dimensions = _slots * Width;
        var query = _matrix.AsSpan(row * dimensions, dimensions);
        var stored = _matrix.AsSpan(0, row * dimensions);
        var cosine = new float[row * _slots];
        var correlation = new float[row * _slots];
        _kernels.Compare(query, stored, row, _segments, cosine, correlation);
        var found = new List<Candidate>();
        for (var j = 0; j < row; j++)
        {
            double sum = 0, max = 0;
            var count = 0;
            for (var s = 0; s < _slots; s++)
            {
                if (!_present[row * _slots + s] || !_present[j * _slots + s])
                    continue;
                var z = correlation[j * _slots + s] * Math.Sqrt(Width);
                sum += z;
                max = Math.Max(max, z);
                count++;
            }
            var stouffer = count == 0 ? 0 : sum / Math.Sqrt(count);
            // a strong total, or one strong tensor (a passthrough donor shares only some layers in place)
            if (stouffer > 4 || max > 8)
                found.Add(new Candidate(_models[j], stouffer, max));
        }
        // names that say nothing line up only with another export's numbering: look by content as well
        if (_models[row].IsAnonymous)
            found.AddRange(ByContent(row).Where(c => found.All(f => f.Model != c.Model)));
        return [.. found.OrderByDescending(c => c.Stouffer)];
    }

    /// <summary>
    /// For a model whose names say nothing, slots cannot line anchors up: the earlier models where at least half of its
    /// matrices find a partner by content — a tensor of the same shape whose anchor correlates (renamed), or of the
    /// same dimensions in any order whose sorted values agree (transposed, permuted), or of the transposed shape whose
    /// cross block agrees (transposed, read in part). Costs a comparison per pair of same-shaped tensors, so only for such models.
    /// </summary>
    private List<Candidate> ByContent(int row)
    {
        var matrices = _models[row].Tensors.Where(t => t.IsMatrix).ToList();
        var found = new List<Candidate>();
        for (var j = 0; j < row && matrices.Count > 0; j++)
        {
            var byShape = _models[j].Tensors.Where(t => t.IsMatrix).ToLookup(t => t.ShapeKey);
            var partners = matrices.Count(m => byShape[m.ShapeKey].Any(t =>
                (t.Dims == m.Dims && AnchorMath.Correlation(m.Anchor, t.Anchor) >= PairComparison.MatchCorrelation)
                || (t.Source.Sketch.Length == m.Source.Sketch.Length && t.Source.Sketch.Length > 0
                    && AnchorMath.RelativeError(m.Source.Sketch, t.Source.Sketch) <= PairComparison.SketchTolerance)
                || PairComparison.CrossCorrelationOf(m, t) >= PairComparison.CrossCorrelation));
            if (2 * partners >= matrices.Count)
                found.Add(new Candidate(_models[j], Math.Sqrt(Width) * partners / Math.Sqrt(matrices.Count), 0));
        }
        return [.. found.OrderByDescending(c => c.Stouffer)];
    }
}
