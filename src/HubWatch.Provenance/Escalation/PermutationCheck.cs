using HubWatch.Formats.Reading;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Escalation;

/// <summary>
/// Confirms a suspected hidden-unit permutation the way Zhu et al. (model tracing, ICML 2025) align units before they
/// compare them, on a few rows instead of whole matrices: the partner's band (same rows on both sides) pairs the units,
/// then the permuted matrix's anchor rows in the child are compared with the parent rows they came from. Reads the
/// headers of both models, one band per partner and side, and <see cref="RowsPerTensor"/> rows per probed matrix.
/// </summary>
public static class PermutationCheck
{
    /// <summary>Tensor data one escalation may read of each model (headers not counted): far below a model's screening sample.</summary>
    public const long PairBudget = 32L << 20;

    /// <summary>Rows compared per probed matrix: each is one range of the parent, wherever the permutation put it.</summary>
    public const int RowsPerTensor = 4;

    public static async Task<EscalationResult> RunAsync(EscalationRequest request, IReadOnlyList<IByteSource> child, IReadOnlyList<IByteSource> parent, CancellationToken ct)
    {
        long Bytes() => child.Concat(parent).Sum(s => s.BytesRead);
        int Requests() => child.Concat(parent).Sum(s => s.Requests);
        EscalationResult Failed(string problem) => new(request.ParentId, request.Reason, Bytes(), Requests(), [], problem);

        var (childTensors, parentTensors) = (await ByName(child, ct), await ByName(parent, ct));
        var units = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var probed = new List<ProbedTensor>();
        foreach (var probe in request.Probes)
        {
            if (!childTensors.TryGetValue(probe.Tensor, out var tensor) || !parentTensors.TryGetValue(probe.ParentTensor, out var original)
                || !childTensors.TryGetValue(probe.Partner, out var partner) || !parentTensors.TryGetValue(probe.ParentPartner, out var parentPartner))
                return Failed($"a probed tensor is missing ({probe.Tensor} / {probe.Partner})");
            if (tensor.Shape.Length != 2 || !tensor.Shape.SequenceEqual(original.Shape) || !partner.Shape.SequenceEqual(parentPartner.Shape) || partner.Shape[^1] != tensor.Shape[0])
                return Failed($"{probe.Tensor} and {probe.Partner} do not have the shapes of a unit and its partner");
            if (!units.TryGetValue(probe.Partner, out var match))
            {
                var band = SamplingPlan.AnchorOf(partner.Shape) with { Column = 0, Columns = partner.Shape[^1] };
                var (mine, theirs) = (await ModelTensors.ReadWindowsAsync(child, [new SampleSegment(partner, band)], ct), await ModelTensors.ReadWindowsAsync(parent, [new SampleSegment(parentPartner, band)], ct));
                units[probe.Partner] = match = ColumnMatching.Match(mine[0], theirs[0], (int)band.Rows, (int)band.Columns);
            }
            var anchor = SamplingPlan.AnchorOf(tensor.Shape);
            var rows = Enumerable.Range((int)anchor.Row, RowsPerTensor).Where(r => match[r] >= 0).ToList();
            if (rows.Count == 0)
                return Failed($"none of {probe.Tensor}'s rows {anchor.Row}–{anchor.Row + RowsPerTensor - 1} has a unit in {request.ParentId}'s {probe.ParentPartner}");
            var columns = tensor.Shape[1];
            var childRows = (await ModelTensors.ReadWindowsAsync(child, [new SampleSegment(tensor, new TensorWindow(rows[0], rows[^1] - rows[0] + 1, 0, columns))], ct))[0];
            var parentRows = await ModelTensors.ReadWindowsAsync(parent, [.. rows.Select(r => new SampleSegment(original, new TensorWindow(match[r], 1, 0, columns)))], ct);
            double difference = 0, energy = 0;
            foreach (var (r, i) in rows.Select((r, i) => (r, i)))
            {
                for (var c = 0; c < columns; c++)
                {
                    var (a, b) = ((double)childRows[(r - rows[0]) * columns + c], (double)parentRows[i][c]);
                    (difference, energy) = (difference + (a - b) * (a - b), energy + b * b);
                }
            }
            var error = energy > 0 ? Math.Sqrt(difference / energy) : 1;
            probed.Add(new ProbedTensor(probe.Tensor, probe.ParentTensor, tensor.Elements, rows.Count, ColumnMatching.OneToOne(match), double.IsFinite(error) ? error : 1));
            if (Bytes() > 2 * PairBudget)
                return Failed($"stopped at the per-pair budget of {PairBudget >> 20} MiB a side");
        }
        return new EscalationResult(request.ParentId, request.Reason, Bytes(), Requests(), probed);
    }

    private static async Task<Dictionary<string, StoredTensorInfo>> ByName(IReadOnlyList<IByteSource> files, CancellationToken ct) =>
        (await ModelTensors.ReadAsync(files, ct)).Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
}
