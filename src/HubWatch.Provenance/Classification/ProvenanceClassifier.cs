using HubWatch.Kernels;

namespace HubWatch.Provenance.Classification;

/// <summary>
/// Verdicts for a set of models, each judged in upload order against the earlier models of its width: candidates from
/// the batched kernel, a calibrated tensor-by-tensor comparison with each, a least-squares fit for merges, then
/// <see cref="VerdictRules"/>. Later models see earlier verdicts (a task-arithmetic base is the ancestor of the others).
/// </summary>
public sealed class ProvenanceClassifier(ISimilarityKernels kernels)
{
    /// <summary>Holm-corrected p-value below which a candidate counts as related.</summary>
    public const double Significance = 1e-6;

    /// <summary>
    /// Share of a model's parameters its compared tensors must cover for a copy or quantised-copy verdict
    /// (<c>Classification:CopyCoverage</c>): a model judged on its embeddings alone, its packed matrices unread, stays
    /// undecided rather than accused of being a copy.
    /// </summary>
    public double CopyCoverage { get; init; } = 0.9;

    public IReadOnlyList<Verdict> Classify(IReadOnlyList<ClassifiableModel> models)
    {
        var ordered = models.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
        var prepared = ordered.Select((m, i) => (m, i)).Where(p => p.m.Fingerprint is not null)
            .ToDictionary(p => p.m.Id, p => new PreparedModel(p.m, p.i), StringComparer.Ordinal);
        var classes = prepared.Values.GroupBy(p => p.WidthKey).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Order).ToList());
        var searches = classes.ToDictionary(c => c.Key, c => new CandidateSearch(kernels, c.Value));
        var rules = new VerdictRules(prepared, CopyCoverage);
        foreach (var model in ordered)
        {
            if (!prepared.TryGetValue(model.Id, out var child))
            {
                rules.Record(VerdictRules.Unknown(model.Id, "the weights could not be fingerprinted"));
                continue;
            }
            var members = classes[child.WidthKey];
            var row = members.IndexOf(child);
            rules.Record(rules.WithUnseenBase(child, rules.Judge(child, members.Take(row).ToList(), searches[child.WidthKey].For(row))));
        }
        return [.. models.Select(m => rules.VerdictOf(m.Id)!)];
    }
}
