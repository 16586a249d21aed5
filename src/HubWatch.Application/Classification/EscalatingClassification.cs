using HubWatch.Data;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Escalation;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Classification;

/// <summary>
/// Classification with escalation: judges every model from the stored fingerprints, reads more of the pairs whose
/// verdicts asked for it (<see cref="Verdict.Escalation"/>, at most <see cref="PairReads.PerRun"/>), and judges again
/// with what was read. A pair read once is not read again: its result is stored with both revisions.
/// </summary>
public sealed class EscalatingClassification(IDbContextFactory<HubWatchDbContext> databases, ProvenanceClassifier classifier, PairReads reads)
{
    public async Task<IReadOnlyList<Verdict>> ClassifyAsync(CancellationToken ct)
    {
        var verdicts = classifier.Classify(await InputsAsync(ct));
        var requests = verdicts.Select(v => v.Escalation).OfType<EscalationRequest>().Take(PairReads.PerRun).ToList();
        if (requests.Count == 0)
            return verdicts;
        foreach (var request in requests)
            await reads.RunAsync(request, ct);
        return classifier.Classify(await InputsAsync(ct));
    }

    private async Task<IReadOnlyList<ClassifiableModel>> InputsAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await ClassificationInputs.LoadAsync(db, ct);
    }
}
