using HubWatch.Application.Models;
using HubWatch.Data;
using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Exports;

/// <summary>Reads one model with its lineage's stored facts for the ML-BOM and the printable report.</summary>
public sealed class ModelExports(ModelDetails details, IDbContextFactory<HubWatchDbContext> databases)
{
    private static readonly string[] WeightExtensions = [".safetensors", ".gguf"];

    /// <returns>Null when no model has this id.</returns>
    public async Task<ModelExport?> GetAsync(string id, CancellationToken ct)
    {
        if (await details.GetAsync(id, ct) is not { } detail)
            return null;
        var lineage = (detail.Verdict?.Parents.Select(p => p.Id) ?? []).Concat(detail.Ancestors).Append(id).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await databases.CreateDbContextAsync(ct);
        var models = await db.Models.AsNoTracking().Include(m => m.Files).Where(m => lineage.Contains(m.Id)).ToListAsync(ct);
        // the sampled files name the shards; Tensors (the large blob) is left in the database
        var sampled = (await db.Fingerprints.AsNoTracking().Where(f => lineage.Contains(f.ModelId))
                .Select(f => new { f.ModelId, f.Id, f.Files }).ToListAsync(ct))
            .GroupBy(f => f.ModelId).ToDictionary(g => g.Key, g => g.MaxBy(f => f.Id)!.Files);
        var exported = models.ToDictionary(m => m.Id, m => Export(m, sampled.GetValueOrDefault(m.Id)), StringComparer.Ordinal);
        return new ModelExport(detail, exported[id], exported.Where(e => e.Key != id).ToDictionary(StringComparer.Ordinal));
    }

    private static ExportedModel Export(HubModel model, string? sampledFiles) => new(
        model.Id, model.Author, model.Sha, model.License, model.LicenseName, model.PipelineTag, model.Datasets, model.LastCrawledAt, WeightFiles(model.Files, sampledFiles));

    /// <summary>The files the fingerprint sampled (a shard index's shards, not the index), else every safetensors and GGUF file.</summary>
    private static List<WeightFile> WeightFiles(IReadOnlyList<ModelFile> files, string? sampledFiles)
    {
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var paths = sampledFiles is null
            ? files.Select(f => f.Path).Where(p => WeightExtensions.Any(e => p.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            : sampledFiles.Split(", ", StringSplitOptions.RemoveEmptyEntries).Where(p => !p.EndsWith(".json", StringComparison.OrdinalIgnoreCase));
        return [.. paths.Order(StringComparer.Ordinal).Select(p => byPath.GetValueOrDefault(p) is { } f ? new WeightFile(p, f.Size, f.LfsSha256?.ToLowerInvariant()) : new WeightFile(p, null, null))];
    }
}
