using HubWatch.Provenance.Escalation;

namespace HubWatch.Provenance.Classification;

internal sealed partial class VerdictRules
{
    /// <summary>
    /// A copy seen through a permutation that compared too little of the model: its unmatched matrices are the ones a
    /// hidden-unit permutation moves (their rows, while a partner of the same layer shows the units' columns moved). An
    /// escalation read settles them: before it, the verdict asks for it; after it, its tensors count as compared when
    /// they are the parent's rows within the copy's own error, and the verdict says what was read.
    /// </summary>
    private (double Covered, string Reason, EscalationRequest? Request) Escalated(PreparedModel child, PairComparison pair, double covered, double error, string reason)
    {
        var probes = PermutationProbes(pair);
        var total = (double)Math.Max(1, child.Parameters + child.UnreadParameters);
        if (probes.Count == 0 || covered + probes.Sum(p => p.Parameters) / total < copyCoverage)
            return (covered, reason, null);
        var done = child.Model.Escalations.FirstOrDefault(x => x.ParentId == pair.Parent.Id && x.Reason == EscalationReasons.PermutedRows);
        if (done is null)
            return (covered, reason + "; the rest needs its permuted rows read", new EscalationRequest(child.Id, pair.Parent.Id, EscalationReasons.PermutedRows, [.. probes.Select(p => p.Probe)]));
        var confirmed = done.Problem is null && done.Tensors.Count > 0
            && done.Tensors.All(t => t.Matched >= 0.9 && t.RelativeError <= Math.Max(CopyError, 2 * error));
        return (confirmed ? covered + done.Tensors.Sum(t => t.Parameters) / total : covered, $"{reason}; {done.Describe()}", null);
    }

    /// <summary>Each unmatched matrix of the pair with a partner: a matched matrix of its layer whose columns are its rows.</summary>
    private static List<(PermutationProbe Probe, long Parameters)> PermutationProbes(PairComparison pair)
    {
        var probes = new List<(PermutationProbe, long)>();
        foreach (var unmatched in pair.Matches.Where(m => m.Kind == MatchKind.None && m.Child.IsMatrix && m.Child.Shape.Length == 2 && m.Child.Slot.Layer >= 0))
        {
            var tensor = unmatched.Child;
            var partner = pair.Matches.FirstOrDefault(m => m.Kind != MatchKind.None && m.Parent is not null && m.Child.Slot.Layer == tensor.Slot.Layer
                && m.Child.Shape.Length == 2 && m.Child.Shape[1] == tensor.Shape[0] && m.Parent.Dims == m.Child.Dims);
            if (partner is not null && pair.Parent.BySlot.GetValueOrDefault(tensor.Slot) is { } original && original.Dims == tensor.Dims)
                probes.Add((new PermutationProbe(tensor.Name, original.Name, partner.Child.Name, partner.Parent!.Name), tensor.Elements));
        }
        return probes;
    }
}
