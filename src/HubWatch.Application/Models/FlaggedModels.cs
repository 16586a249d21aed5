using HubWatch.Data;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Declarations;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Models;

/// <summary>A model whose card the weights contradict, with the reasons.</summary>
public sealed record FlaggedModel(string Id, DateTime CreatedAt, string Relation, string Summary, IReadOnlyList<DeclarationFlag> Flags);

/// <summary>The flags list: models whose declarations the weights contradict, newest uploads first.</summary>
public sealed class FlaggedModels(IDbContextFactory<HubWatchDbContext> databases)
{
    public async Task<(int Total, IReadOnlyList<FlaggedModel> Items)> PageAsync(int page, int pageSize, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var flagged = from v in db.Verdicts.AsNoTracking()
                      where v.Current && v.FlagCount > 0
                      join m in db.Models.AsNoTracking() on v.ModelId equals m.Id
                      where m.DeletedAt == null
                      select new { m.Id, m.CreatedAt, v.Relation, v.Summary, v.FlagsJson };
        var total = await flagged.CountAsync(ct);
        var rows = await flagged.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (total, [.. rows.Select(r => new FlaggedModel(r.Id, r.CreatedAt, r.Relation, r.Summary, VerdictJson.Flags(r.FlagsJson)))]);
    }
}
