using System.Text.Json;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Escalation;
using HubWatch.Provenance.Fingerprints;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Classification;

/// <summary>The classifier's input from the database: every live model's latest fingerprint of its current commit.</summary>
public static class ClassificationInputs
{
    public static async Task<IReadOnlyList<ClassifiableModel>> LoadAsync(HubWatchDbContext db, CancellationToken ct)
    {
        var rows = await db.Models.AsNoTracking()
            .Where(m => m.DeletedAt == null)
            .Select(m => new
            {
                m.Id,
                m.CreatedAt,
                m.DeclaredBaseModels,
                Fingerprint = db.Fingerprints.Where(f => f.ModelId == m.Id && f.Revision == m.Sha).OrderByDescending(f => f.Id).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var sampled = rows.Where(r => r.Fingerprint is { Status: FingerprintStatus.Sampled }).ToDictionary(r => r.Id, r => r.Fingerprint!);
        var decoded = sampled.ToDictionary(p => p.Key, p => Decode(p.Value));
        var escalations = await EscalationsAsync(db, rows.Where(r => r.Fingerprint is not null).ToDictionary(r => r.Id, r => r.Fingerprint!.Revision, StringComparer.Ordinal), ct);
        return [.. rows.Select(r => r.Fingerprint switch
        {
            { Status: FingerprintStatus.Sampled } => new ClassifiableModel(r.Id, r.CreatedAt, decoded[r.Id]),
            { Status: FingerprintStatus.Copy, CopyOfModelId: { } original } when decoded.TryGetValue(original, out var same) =>
                new ClassifiableModel(r.Id, r.CreatedAt, same, original),
            _ => new ClassifiableModel(r.Id, r.CreatedAt, null),
        } with { DeclaredBases = r.DeclaredBaseModels, Escalations = escalations.GetValueOrDefault(r.Id) ?? [] })];
    }

    /// <summary>Stored escalation reads whose two revisions are still the ones fingerprinted.</summary>
    private static async Task<Dictionary<string, List<EscalationResult>>> EscalationsAsync(HubWatchDbContext db, Dictionary<string, string> revisions, CancellationToken ct)
    {
        var checks = await db.PairChecks.AsNoTracking().ToListAsync(ct);
        return checks.Where(c => revisions.GetValueOrDefault(c.ModelId) == c.Revision && revisions.GetValueOrDefault(c.ParentId) == c.ParentRevision)
            .GroupBy(c => c.ModelId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => JsonSerializer.Deserialize<EscalationResult>(c.ResultJson, VerdictJson.Options)!).ToList(), StringComparer.Ordinal);
    }

    public static ModelFingerprint Decode(WeightFingerprint row) => new(
        row.Format ?? "",
        new ArchitectureSignature(row.TensorCount ?? 0, row.Parameters ?? 0, row.Layers ?? 0, row.Hidden, row.Vocab, new Dictionary<string, long>()),
        FingerprintCodec.Decode(row.Tensors!),
        [],
        row.UnreadParameters ?? 0);
}
