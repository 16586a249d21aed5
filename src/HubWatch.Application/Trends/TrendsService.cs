using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Domain.Hub;
using HubWatch.Domain.Time;
using HubWatch.Hub;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Trends;

/// <summary>Monthly series, read from the maintained <see cref="MonthlyStat"/> rows (a few dozen, whatever the hub's size).</summary>
/// <remarks>Answers come through <see cref="FiguresCache"/>: the same question at the same revision of the figures is read once.</remarks>
public sealed class TrendsService(IDbContextFactory<HubWatchDbContext> databases, HubSource hub, TimeProvider clock, FiguresCache cache)
{
    /// <summary>Months shown when no range is asked for and nothing is stored yet.</summary>
    public const int DefaultMonths = 24;

    /// <param name="from">First month; by default the first month with an upload.</param>
    /// <param name="to">Last month; by default the current month.</param>
    public Task<TrendSeries> MonthlyAsync(YearMonth? from, YearMonth? to, CancellationToken ct) =>
        cache.GetAsync((nameof(MonthlyAsync), from, to, Now), read => ReadMonthlyAsync(from, to, read), ct);

    /// <summary>Every month and the before-2022-03 bucket summed: the figures of the whole hub as stored (one query).</summary>
    public Task<TrendRow> TotalsAsync(CancellationToken ct) => cache.GetAsync(nameof(TotalsAsync), ReadTotalsAsync, ct);

    private async Task<TrendSeries> ReadMonthlyAsync(YearMonth? from, YearMonth? to, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var stats = await db.MonthlyStats.AsNoTracking().ToDictionaryAsync(s => s.Month, ct);
        var last = Clamp(to ?? Now);
        var firstStored = stats.Keys.Select(k => YearMonth.TryParse(k, out var m) ? m : (YearMonth?)null).Where(m => m <= last).Min();
        var first = Clamp(from ?? firstStored ?? Back(last, DefaultMonths - 1));
        if (first > last)
            throw new ArgumentException(MonthRange.Reversed(first, last));

        var cutoff = await db.Models.MaxAsync(m => (DateTime?)m.LastCrawledAt, ct);
        var months = first.Through(last).Select(m => Row(stats, m.ToString())).ToList();
        return new TrendSeries(first, last, months, Row(stats, UploadDate.BeforeTrackingLabel), cutoff, hub.DisplayName, hub.IsDemo);
    }

    private async Task<TrendRow> ReadTotalsAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var sums = await db.MonthlyStats.AsNoTracking().GroupBy(_ => 1).Select(g => new TrendRow("all", g.Sum(s => s.Uploads),
                g.Sum(s => s.DeclaredProvenance), g.Sum(s => s.DeclaredMergekit), g.Sum(s => s.Fingerprinted), g.Sum(s => s.Judged),
                g.Sum(s => s.DetectedMerges), g.Sum(s => s.DetectedFinetunes), g.Sum(s => s.VerifiedIndependent),
                g.Sum(s => s.UndeclaredDerivatives), g.Sum(s => s.LicenseConflicts)))
            .FirstOrDefaultAsync(ct);
        return sums ?? TrendRow.Empty("all");
    }

    private static TrendRow Row(Dictionary<string, MonthlyStat> stats, string month) => stats.TryGetValue(month, out var s)
        ? new TrendRow(month, s.Uploads, s.DeclaredProvenance, s.DeclaredMergekit, s.Fingerprinted, s.Judged, s.DetectedMerges,
            s.DetectedFinetunes, s.VerifiedIndependent, s.UndeclaredDerivatives, s.LicenseConflicts)
        : TrendRow.Empty(month);

    private YearMonth Now => YearMonth.Of(clock.GetUtcNow());

    /// <summary>
    /// Into the months the hub can have figures for: from its tracking start (earlier uploads are the before-tracking
    /// bucket) to this month. A visitor's <c>?from=0001-01&amp;to=9999-12</c> would otherwise be 119,988 months per chart.
    /// </summary>
    private YearMonth Clamp(YearMonth month)
    {
        var start = YearMonth.Of(UploadDate.TrackingStarted);
        return month < start ? start : month > Now ? Now : month;
    }

    private static YearMonth Back(YearMonth month, int count)
    {
        for (var i = 0; i < count; i++)
            month = month.Previous();
        return month;
    }
}
