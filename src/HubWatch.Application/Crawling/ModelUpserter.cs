using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Hub.Api;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Crawling;

/// <summary>Stores what the hub says about models: insert or update by id, so storing twice changes nothing.</summary>
internal static class ModelUpserter
{
    /// <returns>How many rows were created and how many updated.</returns>
    public static async Task<(int New, int Updated)> StoreAsync(HubWatchDbContext db, IEnumerable<HubModelInfo> models, DateTime now, CancellationToken ct)
    {
        var unique = models.DistinctBy(m => m.Id).ToList();
        var ids = unique.Select(m => m.Id).ToList();
        var existing = await db.Models.Include(m => m.Files).Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        int created = 0, updated = 0;
        foreach (var info in unique)
        {
            if (!existing.TryGetValue(info.Id, out var model))
            {
                model = new HubModel { Id = info.Id, FirstSeenAt = now };
                db.Models.Add(model);
                created++;
            }
            else
            {
                updated++;
            }
            ModelMapper.Apply(model, info, now);
        }
        return (created, updated);
    }
}
