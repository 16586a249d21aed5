using System.Collections.Concurrent;
using System.Diagnostics;
using HubWatch.Application.Faults;
using HubWatch.Application.Hubs;
using HubWatch.Application.Trends;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Formats.Reading;
using HubWatch.Hub.Api;
using HubWatch.Hub.Cards;
using HubWatch.Provenance.Fingerprints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Fingerprinting;

/// <summary>What one fingerprint run did.</summary>
/// <param name="Unsupported">Stored as <see cref="FingerprintStatus.Unsupported"/>: no weights HubWatch reads (pickle only, above the size limit).</param>
/// <param name="Failed">Stored as <see cref="FingerprintStatus.Failed"/>: the weight files break their format's rules; not tried again for this commit.</param>
/// <param name="Deferred">Not stored: a transient hub error, an unforeseen failure (or a race with another process) leaves the model for a later run.</param>
/// <param name="Parked">Of the deferred, those that failed for the last allowed time and are now parked (see <see cref="Faults.ModelFaults"/>).</param>
public sealed record FingerprintRunResult(int Sampled, int Copies, int Unsupported, int Failed, int Deferred, long BytesRead, int Requests, int Parked = 0)
{
    public int Stored => Sampled + Copies + Unsupported + Failed;
}

/// <summary>
/// Fingerprints the crawled models whose current commit has none yet: newest first, then the most downloaded and the
/// largest. A model whose weight files have the LFS hashes of an already sampled model is recorded as the same bytes
/// without reading anything. Each model is stored as soon as it is done, so a crash loses only the ones in flight.
/// </summary>
public sealed class FingerprintService(
    IDbContextFactory<HubWatchDbContext> databases,
    HubClient hub,
    HubWeightFiles weights,
    FingerprintsInFlight inFlight,
    ModelFaults faults,
    IOptions<FingerprintOptions> options,
    MonthlyAggregates monthly,
    TimeProvider clock,
    ILogger<FingerprintService> logger)
{
    public Task<FingerprintRunResult> RunAsync(CancellationToken ct) => monthly.RecountAfterAsync(() => FingerprintPendingAsync(ct));

    private async Task<FingerprintRunResult> FingerprintPendingAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var pending = await PendingAsync(settings, ct);
        var outcomes = new ConcurrentBag<(FingerprintStatus? Status, bool Parked, long Bytes, int Requests)>();
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = ct }, async (id, token) =>
        {
            if (!inFlight.TryStart(id))
                return;
            try
            {
                outcomes.Add(await FingerprintAsync(id, settings, token));
            }
            finally
            {
                inFlight.Finish(id);
            }
        });
        int Count(FingerprintStatus? status) => outcomes.Count(o => o.Status == status);
        return new FingerprintRunResult(Count(FingerprintStatus.Sampled), Count(FingerprintStatus.Copy), Count(FingerprintStatus.Unsupported),
            Count(FingerprintStatus.Failed), Count(null), outcomes.Sum(o => o.Bytes), outcomes.Sum(o => o.Requests), outcomes.Count(o => o.Parked));
    }

    /// <summary>Models whose current commit has no fingerprint, in priority order, within the configured filters.</summary>
    private async Task<List<string>> PendingAsync(FingerprintOptions settings, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var maxBytes = settings.MaxWeightGiB > 0 ? (long)(settings.MaxWeightGiB * (1L << 30)) : long.MaxValue;
        var excluded = settings.ExcludeAuthors;
        var candidates = db.Models
            .Where(m => m.DeletedAt == null && m.Sha != null && m.Files.Count > 0 && m.Downloads >= settings.MinDownloads)
            .Where(m => m.Author == null || !excluded.Contains(m.Author))
            .Where(m => !db.Fingerprints.Any(f => f.ModelId == m.Id && f.Revision == m.Sha));
        return await ModelFaults.NotParked(candidates, db, ModelFault.Fingerprint)
            // sizes are known once a model's tree has been read; the limit is checked again then
            .Select(m => new { m.Id, m.UploadMonth, m.Downloads, Bytes = m.Files.Sum(f => f.Size ?? 0), Failing = db.ModelFaults.Any(f => f.ModelId == m.Id && f.Step == ModelFault.Fingerprint) })
            .Where(m => m.Bytes <= maxBytes)
            .OrderBy(m => m.Failing) // a model that failed before never goes first again
            .ThenByDescending(m => m.UploadMonth).ThenByDescending(m => m.Downloads).ThenByDescending(m => m.Bytes).ThenBy(m => m.Id)
            .Take(settings.PerRun)
            .Select(m => m.Id)
            .ToListAsync(ct);
    }

    /// <returns>The stored status, or null when a transient hub error leaves the model for the next run.</returns>
    private async Task<(FingerprintStatus?, bool Parked, long, int)> FingerprintAsync(string id, FingerprintOptions settings, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var model = await db.Models.Include(m => m.Files).SingleAsync(m => m.Id == id, ct);
        var row = new WeightFingerprint { ModelId = id, Revision = model.Sha!, CreatedAt = clock.GetUtcNow().UtcDateTime };
        var watch = Stopwatch.StartNew();
        var sources = new List<IByteSource>();
        try
        {
            await FillAsync(db, model, row, settings, sources, ct);
        }
        catch (Exception e) when (StepFailures.IsPermanent(e))
        {
            (row.Status, row.Error) = (FingerprintStatus.Failed, StepFailures.Reason(e)); // the files are at fault: not retried for this commit
        }
        catch (Exception e) when (!StepFailures.StopsTheRun(e, ct))
        {
            // a flaky hub, or something HubWatch did not foresee: counted, tried again after the others, parked if it persists
            var reason = StepFailures.Reason(e);
            logger.LogWarning(e, "Fingerprint of {Model} not taken this run: {Reason}", id, reason);
            db.ChangeTracker.Clear();
            var parked = await faults.FailedAsync(db, id, ModelFault.Fingerprint, model.Sha, reason, ct);
            await db.SaveChangesAsync(ct);
            return (null, parked, sources.Sum(s => s.BytesRead), sources.Sum(s => s.Requests));
        }
        (row.BytesRead, row.Requests, row.Seconds) = (sources.Sum(s => s.BytesRead), sources.Sum(s => s.Requests), watch.Elapsed.TotalSeconds);
        db.Fingerprints.Add(row);
        await ModelFaults.SucceededAsync(db, [id], ModelFault.Fingerprint, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 })
        {
            return (null, false, row.BytesRead, row.Requests); // UNIQUE constraint: another process stored this revision meanwhile
        }
        return (row.Status, false, row.BytesRead, row.Requests);
    }

    private async Task FillAsync(HubWatchDbContext db, HubModel model, WeightFingerprint row, FingerprintOptions settings, List<IByteSource> sources, CancellationToken ct)
    {
        await ReadTreeAsync(model, ct);
        row.Requests++;
        var choice = WeightFileChoice.For(model.Files);
        var weightBytes = model.Files.Where(f => choice.Index is null ? choice.Files.Contains(f.Path) : f.Path.EndsWith(".safetensors", StringComparison.Ordinal)).Sum(f => f.Size ?? 0);
        if (settings.MaxWeightGiB > 0 && weightBytes > settings.MaxWeightGiB * (1L << 30))
            (row.Status, row.Error) = (FingerprintStatus.Unsupported, $"{weightBytes / (double)(1L << 30):F1} GiB of weights, above Fingerprint:MaxWeightGiB");
        if (choice.Unsupported is not null)
            (row.Status, row.Error) = (FingerprintStatus.Unsupported, choice.Unsupported);
        if (row.Status == FingerprintStatus.Unsupported)
            return;
        var files = choice.Files;
        if (choice.Index is not null)
        {
            var index = await hub.GetTextFileAsync(model.Id, model.Sha!, choice.Index, ct) ?? throw new FormatException($"{choice.Index} is listed but missing");
            files = ShardIndex.ShardFiles(index);
            row.Requests++;
        }
        row.Files = string.Join(", ", choice.Index is null ? files : [choice.Index, .. files]);
        row.ContentHash = WeightFileChoice.ContentHash(model.Files, files);
        if (row.ContentHash is not null && await SameBytesAsync(db, model.Id, row.ContentHash, ct) is { } original)
        {
            (row.Status, row.CopyOfModelId, row.Format) = (FingerprintStatus.Copy, original.ModelId, original.Format);
            (row.Parameters, row.Layers, row.Hidden, row.Vocab, row.TensorCount) = (original.Parameters, original.Layers, original.Hidden, original.Vocab, original.TensorCount);
            return;
        }
        var budget = ByteBudget.ForSample(settings.BudgetBytes);
        sources.AddRange(files.Select(path => weights.Open(model.Id, model.Sha!, path, budget)));
        var sample = await WeightSampler.SampleAsync(sources, settings.BudgetBytes, ct, async c =>
        {
            // only for files with packed layers: AutoGPTQ's own file first, then config.json's quantization_config as
            // the API echoed it at the crawl (config.json itself is never fetched: the Hub counts that as a download)
            if (model.Files.Any(f => f.Path == "quantize_config.json"))
            {
                row.Requests++;
                return QuantizationConfig.Parse(await hub.GetTextFileAsync(model.Id, model.Sha!, "quantize_config.json", c));
            }
            return QuantizationConfig.Parse(model.QuantizationConfig); // the object itself parses as its own section
        });
        var (fingerprint, signature) = (sample.Fingerprint, sample.Fingerprint.Signature);
        row.Status = FingerprintStatus.Sampled;
        (row.Format, row.Parameters, row.Layers, row.Hidden, row.Vocab, row.TensorCount) =
            (fingerprint.Format, signature.Parameters, signature.Layers, signature.Hidden, signature.Vocab, signature.Tensors);
        row.FileBytes = sample.Cost.FileBytes;
        if (fingerprint.Skipped.Count > 0)
        {
            var unread = $"{fingerprint.Skipped.Count} tensors not read: {string.Join("; ", fingerprint.Skipped)}";
            (row.UnreadParameters, row.Unread) = (fingerprint.UnreadParameters, unread.Length > 2000 ? unread[..1997] + "…" : unread);
        }
        row.Tensors = FingerprintCodec.Encode(fingerprint.Tensors);
    }

    /// <summary>
    /// The file tree at the commit: sizes and LFS sha256, which the hub's model list does not give. Stored with the
    /// model's files, so the copy check and the size filter see them.
    /// </summary>
    private async Task ReadTreeAsync(HubModel model, CancellationToken ct)
    {
        var tree = (await hub.GetTreeAsync(model.Id, model.Sha!, ct)).Where(e => e.Type == "file").ToDictionary(e => e.Path, StringComparer.Ordinal);
        foreach (var file in model.Files)
        {
            if (!tree.TryGetValue(file.Path, out var entry))
                continue;
            file.Size = entry.Lfs?.Size ?? entry.Size;
            file.LfsSha256 = entry.Lfs?.Sha256 ?? file.LfsSha256;
        }
    }

    /// <summary>A sampled fingerprint of another model with the same weight bytes, the earliest uploaded first.</summary>
    private static Task<WeightFingerprint?> SameBytesAsync(HubWatchDbContext db, string modelId, string contentHash, CancellationToken ct) =>
        db.Fingerprints.AsNoTracking()
            .Where(f => f.ContentHash == contentHash && f.Status == FingerprintStatus.Sampled && f.ModelId != modelId)
            .OrderBy(f => db.Models.Where(m => m.Id == f.ModelId).Select(m => m.CreatedAt).FirstOrDefault())
            .FirstOrDefaultAsync(ct);

}
