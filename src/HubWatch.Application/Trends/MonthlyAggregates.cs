using HubWatch.Data;
using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HubWatch.Application.Trends;

/// <summary>
/// Keeps <see cref="MonthlyStat"/> up to date. Whatever changes models, fingerprints or verdicts runs its change
/// through <see cref="RecountAfterAsync{T}"/>, and only the months it touched are counted again (one indexed GROUP BY),
/// so trends stay current and cheap at millions of models.
/// </summary>
public sealed class MonthlyAggregates(IDbContextFactory<HubWatchDbContext> databases, TimeProvider clock, ILogger<MonthlyAggregates> logger)
{
    /// <summary>
    /// Runs <paramref name="change"/>, then counts again the months whose models, fingerprints or verdicts it touched —
    /// also when it failed part way: what it stored before the failure is data too.
    /// </summary>
    public async Task<T> RecountAfterAsync<T>(Func<Task<T>> change)
    {
        var since = clock.GetUtcNow().UtcDateTime;
        try
        {
            return await change();
        }
        finally
        {
            await UpdateChangedSinceAsync(since, CancellationToken.None);
        }
    }

    /// <summary>Counts again the months touched at or after <paramref name="since"/>; returns how many.</summary>
    public async Task<int> UpdateChangedSinceAsync(DateTime since, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var models = db.Models.AsNoTracking();
        var touched = await models.Where(m => m.LastCrawledAt >= since || m.CheckedAt >= since).Select(m => m.UploadMonth)
            .Union(db.Verdicts.Where(v => v.CreatedAt >= since).Join(models, v => v.ModelId, m => m.Id, (_, m) => m.UploadMonth))
            .Union(db.Fingerprints.Where(f => f.CreatedAt >= since).Join(models, f => f.ModelId, m => m.Id, (_, m) => m.UploadMonth))
            .ToListAsync(ct);
        if (touched.Count > 0)
            await CountAsync(db, touched, ct);
        return touched.Count;
    }

    /// <summary>Counts every month again: at start when the table is empty but models are not (an upgraded database).</summary>
    public async Task RebuildAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        await CountAsync(db, null, ct);
    }

    public async Task EnsureBuiltAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        if (!await db.MonthlyStats.AnyAsync(ct) && await db.Models.AnyAsync(ct))
        {
            logger.LogInformation("Counting the monthly trend figures of the stored models");
            await CountAsync(db, null, ct);
        }
    }

    /// <param name="months">Upload months to count (null: the before-2022-03 bucket), or null for all.</param>
    private async Task CountAsync(HubWatchDbContext db, IReadOnlyCollection<string?>? months, CancellationToken ct)
    {
        // {0} is the time; the months follow as {1}..{n}, always as parameters
        var parameters = new List<object> { clock.GetUtcNow().UtcDateTime };
        var keys = months?.Select(m => m ?? MonthlyStat.BeforeTracking).Distinct().ToList();
        if (keys is not null)
            parameters.AddRange(keys);
        var (delete, insert) = RecountSql(keys?.Count);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(delete, parameters, ct);
        await db.Database.ExecuteSqlRawAsync(insert, parameters, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The statements that count months again: <c>{0}</c> is the time, <c>{1}</c>..<c>{n}</c> the month keys
    /// (<see cref="MonthlyStat.BeforeTracking"/> for the bucket). Public so the dashboard benchmark can EXPLAIN them.
    /// </summary>
    /// <param name="monthCount">How many months are counted, or null for all.</param>
    public static (string Delete, string Insert) RecountSql(int? monthCount)
    {
        string scope = "", where = "";
        if (monthCount is { } count)
        {
            var list = string.Join(", ", Enumerable.Range(1, count).Select(i => $"{{{i}}}"));
            scope = $"WHERE Month IN ({list})";
            // written so SQLite reads only these months through the UploadMonth index
            where = $"AND (m.UploadMonth IN ({list}) OR (m.UploadMonth IS NULL AND '{MonthlyStat.BeforeTracking}' IN ({list})))";
        }

        // only constants and parameter placeholders are spliced in; every value travels as a parameter
        var delete = $"DELETE FROM MonthlyStats {scope}";
        var insert = $$"""
            INSERT INTO MonthlyStats (Month, Uploads, DeclaredProvenance, DeclaredMergekit, Fingerprinted, Judged, DetectedMerges,
                DetectedFinetunes, VerifiedIndependent, UndeclaredDerivatives, LicenseConflicts, UpdatedAt)
            SELECT COALESCE(m.UploadMonth, '{{MonthlyStat.BeforeTracking}}'),
                COUNT(*),
                SUM(m.StatesProvenance),
                SUM(m.DeclaresMergekit),
                SUM(EXISTS (SELECT 1 FROM WeightFingerprints f WHERE f.ModelId = m.Id AND f.Status IN ('Sampled', 'Copy'))),
                SUM(COALESCE(v.Relation <> 'unknown', 0)),
                SUM(COALESCE(v.Relation = 'merge', 0)),
                SUM(COALESCE(v.Relation = 'finetune', 0)),
                SUM(COALESCE(v.Relation = 'independent', 0)),
                SUM(COALESCE(v.UndeclaredDerivative, 0)),
                SUM(COALESCE(v.LicenseConflict, 0)),
                {0}
            FROM Models m LEFT JOIN Verdicts v ON v.ModelId = m.Id AND v.Current = 1
            WHERE m.DeletedAt IS NULL {{where}}
            GROUP BY COALESCE(m.UploadMonth, '{{MonthlyStat.BeforeTracking}}')
            """;
        return (delete, insert);
    }
}
