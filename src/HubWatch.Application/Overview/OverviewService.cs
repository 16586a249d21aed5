using HubWatch.Application.Hubs;
using HubWatch.Application.Models;
using HubWatch.Application.Scheduling;
using HubWatch.Application.Trends;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Hub.Http;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Overview;

/// <summary>Everything the Overview page shows, read in one call.</summary>
public sealed record OverviewSnapshot(
    string HubName,
    bool IsDemo,
    int TotalModels,
    TrendSeries Uploads,
    IReadOnlyList<ModelSummary> Latest,
    JobRun? LastCrawl,
    HubHealthSnapshot HubHealth);

public sealed class OverviewService(
    TrendsService trends,
    ModelQueries models,
    HubSource source,
    HubHealth health,
    IDbContextFactory<HubWatchDbContext> databases)
{
    public const int LatestCount = 20;

    public async Task<OverviewSnapshot> GetAsync(CancellationToken ct)
    {
        var uploads = await trends.MonthlyAsync(null, null, ct);
        var latest = await models.LatestAsync(LatestCount, ct);
        var total = await models.CountAsync(ct);
        await using var db = await databases.CreateDbContextAsync(ct);
        var lastCrawl = await db.JobRuns.AsNoTracking()
            .Where(r => r.JobName == CrawlJob.JobName)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);
        return new OverviewSnapshot(source.DisplayName, source.IsDemo, total, uploads, latest, lastCrawl, health.Current);
    }
}
