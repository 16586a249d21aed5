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
/// Keeps stored models current. It reads the hub's most-recently-modified-first listing down to the last change it
/// saw (edited cards, licence changes, new commits), then asks the hub directly about the models checked longest
/// ago — which is how deletions (404) and renames (307) show: neither appears in any listing.
/// </summary>
public sealed class RefreshService(
    HubClient hub,
    CardReader cards,
    ModelFaults faults,
    HubSource source,
    IDbContextFactory<HubWatchDbContext> databases,
    IOptions<HubOptions> options,
    MonthlyAggregates monthly,
    TimeProvider clock,
    ILogger<RefreshService> logger)
{
    public Task<RefreshResult> RunAsync(CancellationToken ct) => monthly.RecountAfterAsync(() => RefreshAsync(ct));

    private async Task<RefreshResult> RefreshAsync(CancellationToken ct)
    {
        var (changed, created, pageRequests, failed) = await ReadChangesAsync(ct);
        var (verified, deleted, renamed, unverified, lookups) = await VerifyOldestAsync(options.Value.VerifyPerRefresh, ct);
        var cardRun = await cards.ReadPendingAsync(options.Value.CardsPerRun, ct);
        return new RefreshResult(changed, created, deleted, renamed, verified, failed + unverified + cardRun.Failed, pageRequests + lookups + cardRun.Requests);
    }

    private async Task<(int Changed, int New, int Requests, int Failed)> ReadChangesAsync(CancellationToken ct)
    {
        DateTime? until;
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            var checkpoint = await db.CrawlCheckpoints.SingleOrDefaultAsync(c => c.HubKey == source.Key, ct);
            if (checkpoint?.NewestCreatedAt is null)
                return (0, 0, 0, 0); // nothing crawled yet: the crawl reads everything first
            if (checkpoint.RefreshedUntil is null)
            {
                // the first crawl has just read everything: changes count from its newest lastModified on
                checkpoint.RefreshedUntil = await db.Models.MaxAsync(m => m.LastModified, ct) ?? clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(ct);
                return (0, 0, 0, 0);
            }
            until = checkpoint.RefreshedUntil;
        }

        int changed = 0, created = 0, requests = 0, failed = 0;
        DateTime? newest = null;
        Uri? page = HubClient.RecentlyModifiedFirst(options.Value.PageSize);
        for (var pages = 0; page is not null && pages < options.Value.MaxPagesPerRun; pages++)
        {
            var result = await hub.GetModelPageAsync(page, ct);
            requests++;
            failed += result.Errors.Count;
            var fresh = result.Models.Where(m => m.LastModified?.UtcDateTime > until).ToList();
            newest ??= result.Models.Select(m => m.LastModified?.UtcDateTime).Max();
            await using (var db = await databases.CreateDbContextAsync(ct))
            {
                var stored = await ModelUpserter.StoreAsync(db, faults, fresh, clock.GetUtcNow().UtcDateTime, ct);
                await db.SaveChangesAsync(ct);
                (created, changed, failed) = (created + stored.New, changed + stored.Updated, failed + stored.Failed.Count);
            }
            page = fresh.Count == result.Models.Count ? result.Next : null; // stop below the last change seen
        }

        if (newest > until)
        {
            await using var db = await databases.CreateDbContextAsync(ct);
            var checkpoint = await db.CrawlCheckpoints.SingleAsync(c => c.HubKey == source.Key, ct);
            checkpoint.RefreshedUntil = newest;
            await db.SaveChangesAsync(ct);
        }
        return (changed, created, requests, failed);
    }

    private async Task<(int Verified, int Deleted, int Renamed, int Failed, int Requests)> VerifyOldestAsync(int count, CancellationToken ct)
    {
        List<string> ids;
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            ids = await db.Models.Where(m => m.DeletedAt == null)
                .OrderBy(m => m.CheckedAt ?? m.LastCrawledAt).ThenBy(m => m.Id)
                .Select(m => m.Id).Take(count).ToListAsync(ct);
        }

        int verified = 0, deleted = 0, renamed = 0, failed = 0;
        foreach (var id in ids)
        {
            switch (await VerifyOneAsync(id, ct))
            {
                case Verification.Verified: verified++; break;
                case Verification.Deleted: deleted++; break;
                case Verification.Renamed: renamed++; break;
                default: failed++; break;
            }
        }
        return (verified, deleted, renamed, failed, ids.Count + renamed);
    }

    private enum Verification { Verified, Deleted, Renamed, Failed }

    /// <summary>
    /// One model asked about directly. A model the hub describes strangely, or will not describe, is that model's
    /// failure: it is marked checked (the queue moves on) and the rest are asked.
    /// </summary>
    private async Task<Verification> VerifyOneAsync(string id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await databases.CreateDbContextAsync(ct);
        var model = await db.Models.Include(m => m.Files).SingleAsync(m => m.Id == id, ct);
        model.CheckedAt = now;
        Verification outcome;
        try
        {
            var lookup = await hub.LookupModelAsync(id, ct);
            if (lookup.Model is { } info)
            {
                ModelMapper.Apply(model, info, now);
                outcome = Verification.Verified;
            }
            else
            {
                model.DeletedAt = now;
                if (lookup.RenamedTo is { } newId)
                {
                    await RecordRenameAsync(db, id, newId, now, ct);
                    outcome = Verification.Renamed;
                }
                else
                {
                    logger.LogInformation("{Model} is gone from the hub", id);
                    outcome = Verification.Deleted;
                }
            }
        }
        catch (Exception e) when (!StepFailures.StopsTheRun(e, ct))
        {
            logger.LogWarning("{Model} not verified: {Reason}", id, StepFailures.Reason(e));
            db.ChangeTracker.Clear(); // keep nothing half-applied, only that it was asked
            await db.Models.Where(m => m.Id == id).ExecuteUpdateAsync(m => m.SetProperty(x => x.CheckedAt, now), ct);
            return Verification.Failed;
        }
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    /// <summary>The old id points to the new one; the new id is stored now if the crawl has not met it yet.</summary>
    private async Task RecordRenameAsync(HubWatchDbContext db, string oldId, string newId, DateTime now, CancellationToken ct)
    {
        var rename = await db.ModelRenames.SingleOrDefaultAsync(r => r.OldId == oldId, ct);
        if (rename is null)
            db.ModelRenames.Add(new ModelRename { OldId = oldId, NewId = newId, DetectedAt = now });
        else
            rename.NewId = newId;
        if (!await db.Models.AnyAsync(m => m.Id == newId, ct) && await hub.GetModelAsync(newId, ct) is { } info)
            await ModelUpserter.StoreAsync(db, faults, [info], now, ct);
        logger.LogInformation("{Old} was renamed {New}", oldId, newId);
    }
}
