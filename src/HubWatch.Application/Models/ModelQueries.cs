using HubWatch.Data;
using HubWatch.Domain.Hub;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Models;

public sealed class ModelQueries(IDbContextFactory<HubWatchDbContext> databases, FacetCache facets)
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

    /// <summary>A page of models, newest first, joined with their current verdicts; filters run in SQL.</summary>
    public async Task<ModelPage> SearchAsync(ModelSearch search, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var rows = from m in db.Models.AsNoTracking()
                   where m.DeletedAt == null
                   join v in db.Verdicts.AsNoTracking().Where(v => v.Current) on m.Id equals v.ModelId into verdicts
                   from v in verdicts.DefaultIfEmpty()
                   select new { Model = m, Verdict = v };
        if (!string.IsNullOrWhiteSpace(search.Search))
        {
            var text = search.Search.Trim();
            rows = rows.Where(r => r.Model.Id.Contains(text) || (r.Model.Author != null && r.Model.Author.Contains(text)));
        }
        if (search.Relation == "none")
            rows = rows.Where(r => r.Verdict == null);
        else if (search.Relation is { } relation)
            rows = rows.Where(r => r.Verdict != null && r.Verdict.Relation == relation);
        if (search.Flag == "any")
            rows = rows.Where(r => r.Verdict != null && r.Verdict.FlagCount > 0);
        else if (!string.IsNullOrEmpty(search.Flag))
        {
            var kind = $"\"kind\":\"{search.Flag}\"";
            rows = rows.Where(r => r.Verdict != null && r.Verdict.FlagCount > 0 && r.Verdict.FlagsJson.Contains(kind));
        }
        if (search.License == "none")
            rows = rows.Where(r => r.Model.License == null);
        else if (search.License is { } license)
            rows = rows.Where(r => r.Model.License == license);
        if (search.Architecture is { } architecture)
            rows = rows.Where(r => r.Model.Architecture == architecture);
        if (search.Month == UploadDate.BeforeTrackingLabel)
            rows = rows.Where(r => r.Model.UploadMonth == null);
        else if (search.Month is { } month)
            rows = rows.Where(r => r.Model.UploadMonth == month);
        // counting millions of joined rows is the slow part of a page; unfiltered, the monthly figures already know
        var total = search.IsUnfiltered ? await db.MonthlyStats.SumAsync(s => s.Uploads, ct) : await rows.CountAsync(ct);
        var items = await rows.OrderByDescending(r => r.Model.CreatedAt).ThenBy(r => r.Model.Id)
            .Skip((search.Page - 1) * search.PageSize).Take(search.PageSize)
            .Select(r => new ModelRow(r.Model.Id, r.Model.Author, r.Model.CreatedAt, r.Model.UploadMonth, r.Model.License, r.Model.Architecture, r.Model.Downloads,
                r.Verdict == null ? null : r.Verdict.Relation, r.Verdict == null ? null : r.Verdict.Method, r.Verdict == null ? null : r.Verdict.TopParentId,
                r.Verdict == null ? 0 : r.Verdict.FlagCount, r.Verdict == null ? null : r.Verdict.Summary))
            .ToListAsync(ct);
        return new ModelPage(total, search.Page, search.PageSize, items);
    }

    /// <summary>The values the licence and architecture filters offer, most common first (counted at most once a minute).</summary>
    public async Task<ModelFacets> FacetsAsync(CancellationToken ct)
    {
        var (licences, architectures) = await facets.GetAsync(CountFacetsAsync, ct);
        await using var db = await databases.CreateDbContextAsync(ct);
        var months = await db.MonthlyStats.OrderByDescending(s => s.Month).Select(s => s.Month).ToListAsync(ct);
        return new ModelFacets(licences, architectures, months);
    }

    private async Task<(IReadOnlyList<string>, IReadOnlyList<string>)> CountFacetsAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var licences = await db.Models.Where(m => m.License != null).GroupBy(m => m.License!)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).Take(MaxFacets).ToListAsync(ct);
        var architectures = await db.Models.Where(m => m.Architecture != null).GroupBy(m => m.Architecture!)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).Take(MaxFacets).ToListAsync(ct);
        return (licences, architectures);
    }

    public const int MaxFacets = 50;
}
