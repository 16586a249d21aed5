using HubWatch.Application.Classification;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Fingerprints;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Models;

/// <summary>
/// The model page's layer-by-layer similarity of a model to each parent (<see cref="LayerProfile.Compare"/>), from the
/// stored fingerprints. A few fingerprints decoded and compared: milliseconds.
/// </summary>
public sealed class LayerSimilarity(IDbContextFactory<HubWatchDbContext> databases)
{
    /// <returns>Null when the model or none of its parents has sampled weights.</returns>
    public async Task<LayerProfile?> CompareAsync(string modelId, IReadOnlyList<string> parents, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        if (await SampledAsync(db, modelId, ct) is not { } child)
            return null;
        var sampled = new Dictionary<string, ModelFingerprint>(StringComparer.Ordinal);
        foreach (var parent in parents.Distinct().Where(p => p != modelId))
        {
            if (await SampledAsync(db, parent, ct) is { } fingerprint)
                sampled[parent] = fingerprint;
        }
        return LayerProfile.Compare(child, sampled);
    }

    /// <summary>The model's latest sampled fingerprint, through the original for a byte-identical copy.</summary>
    private static async Task<ModelFingerprint?> SampledAsync(HubWatchDbContext db, string modelId, CancellationToken ct)
    {
        var row = await Latest(db, modelId, ct);
        if (row is { Status: FingerprintStatus.Copy, CopyOfModelId: { } original })
            row = await Latest(db, original, ct);
        return row is { Status: FingerprintStatus.Sampled, Tensors: not null } ? ClassificationInputs.Decode(row) : null;
    }

    private static Task<WeightFingerprint?> Latest(HubWatchDbContext db, string modelId, CancellationToken ct) =>
        db.Fingerprints.AsNoTracking().Where(f => f.ModelId == modelId).OrderByDescending(f => f.Id).FirstOrDefaultAsync(ct);
}
