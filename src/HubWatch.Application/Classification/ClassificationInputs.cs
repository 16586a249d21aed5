using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Provenance.Classification;
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
        return [.. rows.Select(r => r.Fingerprint switch
        {
            { Status: FingerprintStatus.Sampled } => new ClassifiableModel(r.Id, r.CreatedAt, decoded[r.Id]),
            { Status: FingerprintStatus.Copy, CopyOfModelId: { } original } when decoded.TryGetValue(original, out var same) =>
                new ClassifiableModel(r.Id, r.CreatedAt, same, original),
            _ => new ClassifiableModel(r.Id, r.CreatedAt, null),
        } with { DeclaredBases = r.DeclaredBaseModels })];
    }

    public static ModelFingerprint Decode(WeightFingerprint row) => new(
        row.Format ?? "",
        new ArchitectureSignature(row.TensorCount ?? 0, row.Parameters ?? 0, row.Layers ?? 0, row.Hidden, row.Vocab, new Dictionary<string, long>()),
        FingerprintCodec.Decode(row.Tensors!),
        [],
        row.UnreadParameters ?? 0);
}
