using HubWatch.Domain.Lineage;

namespace HubWatch.Provenance.Classification;

internal sealed partial class VerdictRules
{
    /// <summary>
    /// A base the card names that HubWatch has no weights of (never uploaded, private, gated or unread) is not replaced
    /// by the closest earlier model: two fine-tunes of one unseen base differ by two changes, as a fine-tune and its
    /// parent differ by one, and nothing in the weights tells them apart. With no related earlier model the verdict is
    /// undecided, not independent; related to a model with no parent of its own that names the same unseen base, the
    /// model is a fine-tune of that base, a sibling of the other; related to one that names nothing, the verdict keeps
    /// the closest model and says which base the card names instead.
    /// </summary>
    public Verdict WithUnseenBase(PreparedModel child, Verdict verdict)
    {
        var unseen = child.Model.DeclaredBases.Where(id => !prepared.ContainsKey(id) && id != child.Id).Distinct(StringComparer.Ordinal).ToList();
        if (unseen.Count != 1)
            return verdict;
        var declared = unseen[0];
        if (verdict.Relation == Relations.Independent)
        {
            return verdict with
            {
                Relation = Relations.Unknown,
                Evidence = verdict.Evidence with { Summary = $"undecided: the card names {declared} as its base, which HubWatch has no weights of, and {verdict.Evidence.Summary}" },
            };
        }
        if (verdict.Relation != Relations.Finetune || verdict.Parents.Count != 1 || !prepared.TryGetValue(verdict.Parents[0].Id, out var closest))
            return verdict;
        var orphan = !_verdicts.TryGetValue(closest.Id, out var its) || its.Parents.Count == 0;
        if (orphan && closest.Model.DeclaredBases.Contains(declared, StringComparer.Ordinal))
        {
            var related = verdict.Parents[0];
            return verdict with
            {
                Parents = [new ParentEvidence(declared, 1, related.PValue, 0)],
                Evidence = verdict.Evidence with
                {
                    Summary = $"a fine-tune of {declared}, which its card names and HubWatch has no weights of, as does {closest.Id}'s: the two are siblings "
                        + $"(correlation {related.Similarity:F3} between them, the changes of two fine-tunes), so {closest.Id} is not its parent",
                },
            };
        }
        return verdict with
        {
            Evidence = verdict.Evidence with
            {
                Summary = $"{verdict.Evidence.Summary}; its card names {declared} as its base, which HubWatch has no weights of: {closest.Id} may be a sibling from it, not the parent",
            },
        };
    }
}
