using HubWatch.Application.Faults;
using HubWatch.Application.Trends;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Hub;
using HubWatch.Hub.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Crawling;

/// <summary>
/// Reads the hub's newest-first model listing into the database, page by page, until it reaches models a completed
/// pass already stored. Each page is stored together with the checkpoint that points past it, so a crash between
/// pages resumes at the next page and a crash inside one repeats that page (the upsert makes the repeat harmless).
/// </summary>
public sealed class CrawlService(
    HubClient hub,
    CardReader cards,
    ModelFaults faults,
    HubSource source,
    IDbContextFactory<HubWatchDbContext> databases,
    IOptions<HubOptions> options,
    MonthlyAggregates monthly,
    TimeProvider clock,
    ILogger<CrawlService> logger)
{
    public Task<CrawlResult> RunAsync(CancellationToken ct) => monthly.RecountAfterAsync(() => CrawlAsync(ct));

    private async Task<CrawlResult> CrawlAsync(CancellationToken ct)
    {
        int created = 0, updated = 0, failed = 0, requests = 0;
        var checkpoint = await LoadCheckpointAsync(ct);
        var page = checkpoint.ResumePage is { } resume ? new Uri(resume, UriKind.RelativeOrAbsolute) : HubClient.NewestFirst(options.Value.PageSize);

        for (var pages = 0; pages < options.Value.MaxPagesPerRun; pages++)
        {
            var result = await FetchPageAsync(page, ct);
            requests++;
            foreach (var error in result.Errors)
                logger.LogWarning("Skipped listing element {Index} ({Id}) of {Page}: {Reason}", error.Index, error.Id ?? "no id", page, error.Reason);
            failed += result.Errors.Count;

            var (stored, reachedKnown) = await StorePageAsync(result, checkpoint, ct);
            foreach (var (id, reason) in stored.Failed)
                logger.LogWarning("Stored {Model} with what could be read: {Reason}", id, reason);
            (created, updated, failed) = (created + stored.New, updated + stored.Updated, failed + stored.Failed.Count);
            if (reachedKnown || result.Next is null)
                return await WithCardsAsync(new CrawlResult(created, updated, failed, requests, PassCompleted: true), ct);
            page = result.Next;
        }
        return await WithCardsAsync(new CrawlResult(created, updated, failed, requests, PassCompleted: false), ct);
    }

    /// <summary>Bodies cut short or garbled in transit pass the HTTP retries (their headers were fine): read the page again.</summary>
    private async Task<HubModelPage> FetchPageAsync(Uri page, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await hub.GetModelPageAsync(page, ct);
            }
            catch (Exception e) when (attempt < PageAttempts && e is IOException or HttpIOException or HubRequestException { Status: System.Net.HttpStatusCode.OK })
            {
                logger.LogWarning("Page {Page} unreadable ({Reason}); reading it again", page, e.Message);
            }
        }
    }

    private const int PageAttempts = 3;

    /// <summary>Then the cards of new and changed models: a crash leaves them pending for the next run.</summary>
    private async Task<CrawlResult> WithCardsAsync(CrawlResult result, CancellationToken ct)
    {
        var run = await cards.ReadPendingAsync(options.Value.CardsPerRun, ct);
        return result with { Requests = result.Requests + run.Requests, CardsRead = run.Read, CardsFailed = run.Failed };
    }

    private async Task<CrawlCheckpoint> LoadCheckpointAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.CrawlCheckpoints.AsNoTracking().SingleOrDefaultAsync(c => c.HubKey == source.Key, ct)
            ?? new CrawlCheckpoint { HubKey = source.Key };
    }

    private async Task<(UpsertResult Stored, bool ReachedKnown)> StorePageAsync(HubModelPage page, CrawlCheckpoint checkpoint, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await databases.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var stored = await ModelUpserter.StoreAsync(db, faults, page.Models, now, ct);

        var known = checkpoint.NewestCreatedAt;
        var reachedKnown = known is not null && page.Models.Any(m => m.CreatedAt?.UtcDateTime < known);
        Advance(checkpoint, page, reachedKnown || page.Next is null, now);
        var saved = await db.CrawlCheckpoints.SingleOrDefaultAsync(c => c.HubKey == checkpoint.HubKey, ct);
        if (saved is null)
            db.CrawlCheckpoints.Add(Copy(checkpoint, new CrawlCheckpoint { HubKey = checkpoint.HubKey }));
        else
            Copy(checkpoint, saved);

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (stored, reachedKnown);
    }

    /// <remarks>The resume page is kept relative to the hub root: the demo hub gets a new port at every start.</remarks>
    private static void Advance(CrawlCheckpoint checkpoint, HubModelPage page, bool passDone, DateTime now)
    {
        if (checkpoint.PassNewestCreatedAt is null && page.Models.FirstOrDefault(m => m.CreatedAt is not null) is { } newest)
        {
            checkpoint.PassNewestCreatedAt = newest.CreatedAt!.Value.UtcDateTime;
            checkpoint.PassNewestId = newest.Id;
        }
        if (passDone)
        {
            if (checkpoint.PassNewestCreatedAt > (checkpoint.NewestCreatedAt ?? DateTime.MinValue))
            {
                checkpoint.NewestCreatedAt = checkpoint.PassNewestCreatedAt;
                checkpoint.NewestId = checkpoint.PassNewestId;
            }
            checkpoint.PassNewestCreatedAt = null;
            checkpoint.PassNewestId = null;
            checkpoint.ResumePage = null;
        }
        else
        {
            checkpoint.ResumePage = page.Next!.IsAbsoluteUri ? page.Next.PathAndQuery.TrimStart('/') : page.Next.OriginalString;
        }
        checkpoint.UpdatedAt = now;
    }

    private static CrawlCheckpoint Copy(CrawlCheckpoint from, CrawlCheckpoint to)
    {
        to.NewestCreatedAt = from.NewestCreatedAt;
        to.NewestId = from.NewestId;
        to.ResumePage = from.ResumePage;
        to.PassNewestCreatedAt = from.PassNewestCreatedAt;
        to.PassNewestId = from.PassNewestId;
        to.UpdatedAt = from.UpdatedAt;
        return to;
    }
}
