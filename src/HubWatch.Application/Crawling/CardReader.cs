using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Domain.Lineage;
using HubWatch.Hub.Api;
using HubWatch.Hub.Cards;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HubWatch.Application.Crawling;

/// <summary>
/// Reads what a repository's own files declare — the card (front matter with a YAML parser, and its prose), the
/// mergekit config, the shard index's mergekit_version — once per commit, pinned to that commit. config.json is
/// never fetched: the API's <c>config</c> field carries it without counting a download.
/// </summary>
public sealed class CardReader(HubClient hub, IDbContextFactory<HubWatchDbContext> databases, ILogger<CardReader> logger)
{
    public const string Card = "README.md";
    public const string MergekitConfigFile = "mergekit_config.yml";
    public const string ShardIndexFile = "model.safetensors.index.json";

    /// <summary>Models whose files are read together and stored in one transaction.</summary>
    private const int Batch = 50;

    /// <summary>Requests in flight at once: few, a hub is a shared service (the budget applies on top).</summary>
    private const int Parallelism = 4;

    /// <summary>Reads the pending cards, newest models first, a batch per transaction: a crash loses one batch at most.</summary>
    /// <returns>Cards read, and the requests it took.</returns>
    public async Task<(int Read, int Requests)> ReadPendingAsync(int limit, CancellationToken ct)
    {
        int read = 0, requests = 0;
        while (read < limit)
        {
            await using var db = await databases.CreateDbContextAsync(ct);
            var models = await db.Models.Include(m => m.Files)
                .Where(m => m.DeletedAt == null && m.Sha != null && (m.CardCheckedSha == null || m.CardCheckedSha != m.Sha))
                .OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id)
                .Take(Math.Min(Batch, limit - read)).ToListAsync(ct);
            if (models.Count == 0)
                break;
            var counts = new int[models.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, models.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (i, token) => counts[i] = await ReadOneAsync(models[i], token));
            await db.SaveChangesAsync(ct);
            read += models.Count;
            requests += counts.Sum();
        }
        return (read, requests);
    }

    private async Task<int> ReadOneAsync(HubModel model, CancellationToken ct)
    {
        var requests = 0;
        try
        {
            requests = await ReadAsync(model, ct);
            model.CardError = null;
        }
        catch (HubRequestException e) when ((int)e.Status is >= 400 and < 500)
        {
            model.CardError = e.Message; // refused for good (too large, forbidden): do not ask again for this commit
            logger.LogWarning("Card of {Model} not read: {Reason}", model.Id, e.Message);
        }
        model.CardCheckedSha = model.Sha;
        return requests;
    }

    private async Task<int> ReadAsync(HubModel model, CancellationToken ct)
    {
        var files = model.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var requests = 0;
        async Task<string?> Fetch(string path)
        {
            if (!files.Contains(path))
                return null;
            requests++;
            return await hub.GetTextFileAsync(model.Id, model.Sha!, path, ct);
        }

        var readme = await Fetch(Card);
        var config = await Fetch(MergekitConfigFile);
        var index = await Fetch(ShardIndexFile);
        Apply(model, readme is null ? null : CardFrontMatter.Parse(readme), readme, config, index);
        return requests;
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
