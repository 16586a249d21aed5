using HubWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace HubWatch.Application.Trends;

/// <summary>
/// The trend figures as last read, per question (a range), until the figures change: every open landing page
/// re-reads them every few seconds, and a hub of millions of models makes some of those reads costly. The
/// revision is the newest <c>MonthlyStats.UpdatedAt</c> and the row count — every recount rewrites the rows it
/// touches, whichever process (dashboard or CLI) did it — so a cached answer is never older than the figures.
/// </summary>
public sealed class FiguresCache(IDbContextFactory<HubWatchDbContext> databases) : IDisposable
{
    /// <summary>Answers kept at most: visitors choose ranges, so the cache must not grow with what they ask.</summary>
    public const int Capacity = 2_000;

    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <summary>What identifies the figures as they are now; any recount changes it.</summary>
    public async Task<string> RevisionAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var figures = await db.MonthlyStats.AsNoTracking().GroupBy(_ => 1)
            .Select(g => new { Newest = g.Max(s => s.UpdatedAt), Rows = g.Count() }).FirstOrDefaultAsync(ct);
        return figures is null ? "empty" : $"{figures.Newest.Ticks}/{figures.Rows}";
    }

    /// <summary>The answer to <paramref name="question"/> at the current revision: cached, or read by <paramref name="read"/> and kept.</summary>
    public async Task<T> GetAsync<T>(object question, Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        var key = (question, await RevisionAsync(ct));
        if (_answers.TryGetValue(key, out T? cached) && cached is not null)
            return cached;
        var answer = await read(ct);
        // an older revision is never asked for again; it ages out
        _answers.Set(key, answer, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return answer;
    }

    public void Dispose() => _answers.Dispose();
}
