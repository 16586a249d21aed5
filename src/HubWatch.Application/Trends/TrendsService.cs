using HubWatch.Data;
using HubWatch.Domain.Time;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Trends;

/// <summary>Monthly series over the stored models.</summary>
public sealed class TrendsService(IDbContextFactory<HubWatchDbContext> databases, TimeProvider clock)
{
    /// <summary>Months shown when no range is asked for and nothing is stored yet.</summary>
    public const int DefaultMonths = 24;

    /// <param name="from">First month; by default the first month with an upload.</param>
    /// <param name="to">Last month; by default the current month.</param>
    public async Task<TrendSeries> MonthlyAsync(YearMonth? from, YearMonth? to, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var last = to ?? YearMonth.Of(clock.GetUtcNow());
        var firstStored = await db.Models.Where(m => m.UploadMonth != null).MinAsync(m => m.UploadMonth, ct);
        var first = from ?? (YearMonth.TryParse(firstStored, out var stored) && stored <= last ? stored : Back(last, DefaultMonths - 1));
        if (first > last)
            throw new ArgumentException($"The range starts ({first}) after it ends ({last}).");

        string low = first.ToString(), high = last.ToString();
        var counts = await db.Models
            .Where(m => m.UploadMonth != null && string.Compare(m.UploadMonth, low) >= 0 && string.Compare(m.UploadMonth, high) <= 0)
            .GroupBy(m => m.UploadMonth!)
            .Select(g => new { Month = g.Key, Uploads = g.Count() })
            .ToDictionaryAsync(g => g.Month, g => g.Uploads, ct);
        var beforeTracking = await db.Models.CountAsync(m => m.UploadMonth == null, ct);
        var cutoff = await db.Models.MaxAsync(m => (DateTime?)m.LastCrawledAt, ct);

        var rows = first.Through(last).Select(m => new TrendRow(m.ToString(), counts.GetValueOrDefault(m.ToString()))).ToList();
        return new TrendSeries(first, last, rows, beforeTracking, cutoff);
    }

    private static YearMonth Back(YearMonth month, int count)
    {
        for (var i = 0; i < count; i++)
            month = month.Previous();
        return month;
    }
}
