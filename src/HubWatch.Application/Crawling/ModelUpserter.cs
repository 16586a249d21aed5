using HubWatch.Application.Faults;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Hub.Api;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Crawling;

/// <summary>What storing one listing page did.</summary>
/// <param name="Failed">Models kept with what could be copied before their mapping failed, and why.</param>
internal sealed record UpsertResult(int New, int Updated, IReadOnlyList<(string Id, string Reason)> Failed);

/// <summary>Stores what the hub says about models: insert or update by id, so storing twice changes nothing.</summary>
internal static class ModelUpserter
{
    /// <summary>
    /// Adds the rows to <paramref name="db"/> (the caller saves, in its transaction). A model whose description breaks
    /// the mapping is still stored with what was copied before it broke, and its reason recorded as a listing fault:
    /// one strange model never costs the rest of its page.
    /// </summary>
    public static async Task<UpsertResult> StoreAsync(HubWatchDbContext db, ModelFaults faults, IEnumerable<HubModelInfo> models, DateTime now, CancellationToken ct)
    {
        var unique = models.DistinctBy(m => m.Id).ToList();
        var ids = unique.Select(m => m.Id).ToList();
        var existing = await db.Models.Include(m => m.Files).Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        int created = 0, updated = 0;
        var failed = new List<(string, string)>();
        foreach (var info in unique)
        {
            if (!existing.TryGetValue(info.Id, out var model))
            {
                model = new HubModel { Id = info.Id, FirstSeenAt = now, LastCrawledAt = now };
                db.Models.Add(model);
                created++;
            }
            else
            {
                updated++;
            }
            try
            {
                ModelMapper.Apply(model, info, now);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var reason = StepFailures.Reason(e);
                failed.Add((info.Id, reason));
                await faults.FailedAsync(db, info.Id, ModelFault.Listing, info.Sha, reason, ct);
            }
        }
        var fine = ids.Except(failed.Select(f => f.Item1)).ToList();
        await ModelFaults.SucceededAsync(db, fine, ModelFault.Listing, ct);
        return new UpsertResult(created, updated, failed);
    }
}
