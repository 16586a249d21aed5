using System.Runtime.CompilerServices;
using HubWatch.Application.Faults;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Domain.Lineage;
using HubWatch.Hub.Api;
using HubWatch.Hub.Cards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HubWatch.Application.Crawling;

/// <summary>What one pass over the pending cards did.</summary>
/// <param name="Failed">Cards refused for this commit (too large, forbidden) or failed and left for a later run.</param>
public sealed record CardRun(int Read, int Failed, int Requests);

/// <summary>
/// Reads what a repository's own files declare — the card (front matter with a YAML parser, and its prose), the
/// mergekit config, the shard index's mergekit_version — once per commit, pinned to that commit. config.json is
/// never fetched: the API's <c>config</c> field carries it without counting a download.
/// </summary>
public sealed class CardReader(HubClient hub, IDbContextFactory<HubWatchDbContext> databases, ModelFaults faults, ILogger<CardReader> logger)
{
    public const string Card = "README.md";
    public const string MergekitConfigFile = "mergekit_config.yml";
    public const string ShardIndexFile = "model.safetensors.index.json";

    /// <summary>Models whose files are read together and stored in one transaction.</summary>
    private const int Batch = 50;

    /// <summary>Requests in flight at once: few, a hub is a shared service (the budget applies on top).</summary>
    private const int Parallelism = 4;

    /// <summary>
    /// Reads the pending cards, newest models first (those that failed before last, parked ones not at all), a batch
    /// per transaction: a crash loses one batch at most. One model's failure is that model's: counted, its reason kept.
    /// </summary>
    public async Task<CardRun> ReadPendingAsync(int limit, CancellationToken ct)
    {
        int read = 0, failed = 0, requests = 0;
        var failedThisRun = new HashSet<string>(StringComparer.Ordinal); // still pending, but not again in this run
        while (read < limit)
        {
            await using var db = await databases.CreateDbContextAsync(ct);
            var pending = db.Models.Include(m => m.Files)
                .Where(m => m.DeletedAt == null && m.Sha != null && (m.CardCheckedSha == null || m.CardCheckedSha != m.Sha))
                .Where(m => !failedThisRun.Contains(m.Id));
            var models = await ModelFaults.NotParked(pending, db, ModelFault.Card)
                .OrderBy(m => db.ModelFaults.Any(f => f.ModelId == m.Id && f.Step == ModelFault.Card))
                .ThenByDescending(m => m.CreatedAt).ThenBy(m => m.Id)
                .Take(Math.Min(Batch, limit - read)).ToListAsync(ct);
            if (models.Count == 0)
                break;
            var outcomes = new (int Requests, string? Failure)[models.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, models.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (i, token) => outcomes[i] = await ReadOneAsync(models[i], token));

            for (var i = 0; i < models.Count; i++)
            {
                if (outcomes[i].Failure is not { } reason)
                    continue;
                failedThisRun.Add(models[i].Id);
                if (await faults.FailedAsync(db, models[i].Id, ModelFault.Card, models[i].Sha, reason, ct))
                    logger.LogWarning("Card of {Model} parked after repeated failures: {Reason}", models[i].Id, reason);
            }
            await ModelFaults.SucceededAsync(db, [.. models.Where((_, i) => outcomes[i].Failure is null).Select(m => m.Id)], ModelFault.Card, ct);
            await db.SaveChangesAsync(ct);
            read += models.Count;
            failed += models.Where((m, i) => outcomes[i].Failure is not null || m.CardError is not null).Count();
            requests += outcomes.Sum(o => o.Requests);
        }
        return new CardRun(read, failed, requests);
    }

    /// <returns>The requests it took, and why it failed when the card must be tried again (later, after the others).</returns>
    private async Task<(int Requests, string? Failure)> ReadOneAsync(HubModel model, CancellationToken ct)
    {
        var requests = new StrongBox<int>();
        try
        {
            await ReadAsync(model, requests, ct);
            model.CardError = null;
        }
        catch (Exception e) when (StepFailures.IsPermanent(e))
        {
            model.CardError = StepFailures.Reason(e); // refused for good (too large, forbidden): not asked again for this commit
            logger.LogWarning("Card of {Model} not read: {Reason}", model.Id, model.CardError);
        }
        catch (Exception e) when (!StepFailures.StopsTheRun(e, ct))
        {
            logger.LogWarning(e, "Card of {Model} failed; tried again later", model.Id);
            return (requests.Value, StepFailures.Reason(e));
        }
        model.CardCheckedSha = model.Sha;
        return (requests.Value, null);
    }

    private async Task ReadAsync(HubModel model, StrongBox<int> requests, CancellationToken ct)
    {
        var files = model.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        async Task<string?> Fetch(string path)
        {
            if (!files.Contains(path))
                return null;
            requests.Value++;
            return await hub.GetTextFileAsync(model.Id, model.Sha!, path, ct);
        }

        var readme = await Fetch(Card);
        var config = await Fetch(MergekitConfigFile);
        var index = await Fetch(ShardIndexFile);
        Apply(model, readme is null ? null : CardFrontMatter.Parse(readme), readme, config, index);
    }

    /// <summary>The card's own front matter wins over the API's echo of it: it is what the uploader wrote.</summary>
    internal static void Apply(HubModel model, CardFacts? card, string? readme, string? config, string? index)
    {
        if (card is { HasFrontMatter: true, Error: null })
        {
            model.License = card.License ?? model.License;
            model.LicenseName = card.LicenseName ?? model.LicenseName;
            if (card.BaseModels.Count > 0)
                model.DeclaredBaseModels = [.. card.BaseModels];
            if (card.Datasets.Count > 0)
                model.Datasets = [.. card.Datasets];
            model.DeclaredRelation = card.BaseModelRelation ?? model.DeclaredRelation ?? (model.DeclaredBaseModels.Count > 1 ? Relations.Merge : null);
        }
        model.StatesProvenance = card?.StatesProvenance == true || model.DeclaredBaseModels.Count > 0;
        model.ClaimsFromScratch = card?.ClaimsFromScratch == true;
        model.HasMergekitConfig = config is not null;
        model.DeclaredMergeMethod = (config is null ? null : MergekitConfig.Parse(config).Method) ?? MergekitConfig.FromCardBody(readme)?.Method;
        model.MergekitVersion = ShardIndex.MergekitVersion(index);
    }
}
