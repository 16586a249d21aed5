using HubWatch.Application.Models;
using HubWatch.Application.Scheduling;
using HubWatch.Application.Trends;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Domain.Time;
using HubWatch.Hub;
using HubWatch.Hub.Http;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Overview;

/// <summary>Everything the landing page shows, read in one call.</summary>
/// <param name="Totals">The whole hub as stored (all months and the before-2022-03 bucket).</param>
public sealed record OverviewSnapshot(
    string HubName,
    bool IsDemo,
    TrendRow Totals,
    TrendSeries Trends,
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

    public async Task<OverviewSnapshot> GetAsync(YearMonth? from, YearMonth? to, CancellationToken ct)
    {
        var series = await trends.MonthlyAsync(from, to, ct);
        var totals = await trends.TotalsAsync(ct);
        var latest = await models.LatestAsync(LatestCount, ct);
        await using var db = await databases.CreateDbContextAsync(ct);
        var lastCrawl = await db.JobRuns.AsNoTracking()
            .Where(r => r.JobName == HubWatchJobs.Crawl.Name)
            .OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);
        return new OverviewSnapshot(source.DisplayName, source.IsDemo, totals, series, latest, lastCrawl, health.Current);
    }
}
