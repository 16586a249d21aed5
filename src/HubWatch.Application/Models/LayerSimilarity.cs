using HubWatch.Application.Classification;
using HubWatch.Application.Fingerprinting;
using HubWatch.Data;
using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Models;

/// <summary>
/// Compares a model's stored fingerprint with each parent's, tensor by tensor, the way the classifier does, and folds
/// the result by layer for the model page. A few fingerprints decoded and compared: milliseconds.
/// </summary>
public sealed class LayerSimilarity(IDbContextFactory<HubWatchDbContext> databases)
{
    /// <returns>Null when the model or none of its parents has sampled weights.</returns>
    public async Task<LayerProfile?> CompareAsync(string modelId, IReadOnlyList<string> parents, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        if (await PreparedAsync(db, modelId, 1, ct) is not { } child)
            return null;
        var points = new List<LayerPoint>();
        foreach (var parent in parents.Distinct().Where(p => p != modelId))
        {
            if (await PreparedAsync(db, parent, 0, ct) is not { } prepared)
                continue;
            points.AddRange(PairComparison.Of(child, prepared).Matches.Where(m => m.Parent is not null)
                .Select(m => new LayerPoint(parent, m.Child.Slot.Layer, m.Correlation, m.ZScore)));
        }
        return points.Count == 0 ? null : LayerProfile.From(points);
    }

    /// <summary>The model's latest sampled fingerprint, through the original for a byte-identical copy.</summary>
    private static async Task<PreparedModel?> PreparedAsync(HubWatchDbContext db, string modelId, int order, CancellationToken ct)
    {
        var row = await Latest(db, modelId, ct);
        if (row is { Status: FingerprintStatus.Copy, CopyOfModelId: { } original })
            row = await Latest(db, original, ct);
        if (row is not { Status: FingerprintStatus.Sampled, Tensors: not null })
            return null;
        var fingerprint = ClassificationInputs.Decode(row);
        return new PreparedModel(new ClassifiableModel(modelId, DateTime.MinValue, fingerprint), order);
    }

    private static Task<WeightFingerprint?> Latest(HubWatchDbContext db, string modelId, CancellationToken ct) =>
        db.Fingerprints.AsNoTracking().Where(f => f.ModelId == modelId).OrderByDescending(f => f.Id).FirstOrDefaultAsync(ct);
}
