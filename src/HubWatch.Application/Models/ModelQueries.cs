using HubWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Models;

public sealed class ModelQueries(IDbContextFactory<HubWatchDbContext> databases)
{
    public async Task<IReadOnlyList<ModelSummary>> LatestAsync(int count, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.Models.AsNoTracking()
            .OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(count)
            .Select(m => new ModelSummary(m.Id, m.Author, m.CreatedAt, m.UploadMonth == null, m.License, m.PipelineTag, m.Downloads, m.DeclaredBaseModels))
            .ToListAsync(ct);
    }

    public async Task<int> CountAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        return await db.Models.CountAsync(ct);
    }
}
