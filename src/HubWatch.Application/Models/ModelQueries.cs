using HubWatch.Data;
using HubWatch.Data.Entities;
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
    /// <remarks>
    /// Shaped for millions of models: the page walks the (CreatedAt, Id) index newest first and tests each model's
    /// current verdict by key (EXISTS), so it reads about as many rows as it shows, instead of sorting every match;
    /// the total is counted from the narrowest side (the monthly figures, the models' own indexes, or the matching verdicts).
    /// </remarks>
    public async Task<ModelSearchResult> SearchAsync(ModelSearch search, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var live = db.Models.AsNoTracking().Where(m => m.DeletedAt == null);
        var models = ModelFilters(live, search);
        var current = db.Verdicts.AsNoTracking().Where(v => v.Current);
        var verdicts = VerdictFilters(current, search, out var verdictFiltered);
        if (verdictFiltered)
            models = models.Where(m => verdicts.Any(v => v.ModelId == m.Id));
        else if (search.Relation == "none")
            models = models.Where(m => !current.Any(v => v.ModelId == m.Id));

        var total = search.IsUnfiltered ? await db.MonthlyStats.SumAsync(s => s.Uploads, ct)
            : verdictFiltered && !search.FiltersModels ? await verdicts.CountAsync(v => live.Any(m => m.Id == v.ModelId), ct)
            : await models.CountAsync(ct);
        var items = await (from m in models.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                               .Skip((search.Page - 1) * search.PageSize).Take(search.PageSize)
                           join v in current on m.Id equals v.ModelId into matched
                           from v in matched.DefaultIfEmpty()
                           select new ModelRow(m.Id, m.Author, m.CreatedAt, m.UploadMonth, m.License, m.Architecture, m.Downloads,
                               v == null ? null : v.Relation, v == null ? null : v.Method, v == null ? null : v.TopParentId,
                               v == null ? 0 : v.FlagCount, v == null ? null : v.Summary))
            .ToListAsync(ct);
        // the join keeps the page's order only by luck of the plan: restore it
        return new ModelSearchResult(total, search.Page, search.PageSize, [.. items.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal)]);
    }

    private static IQueryable<HubModel> ModelFilters(IQueryable<HubModel> models, ModelSearch search)
    {
        if (!string.IsNullOrWhiteSpace(search.Search))
        {
            var text = search.Search.Trim();
            models = models.Where(m => m.Id.Contains(text) || (m.Author != null && m.Author.Contains(text)));
        }
        if (search.License == "none")
            models = models.Where(m => m.License == null);
        else if (search.License is { } license)
            models = models.Where(m => m.License == license);
        if (search.Architecture is { } architecture)
            models = models.Where(m => m.Architecture == architecture);
        if (search.Month == UploadDate.BeforeTrackingLabel)
            models = models.Where(m => m.UploadMonth == null);
        else if (search.Month is { } month)
            models = models.Where(m => m.UploadMonth == month);
        return models;
    }

    /// <param name="filtered">Whether a verdict filter applies, so models without a current verdict drop out.</param>
    private static IQueryable<ModelVerdict> VerdictFilters(IQueryable<ModelVerdict> verdicts, ModelSearch search, out bool filtered)
    {
        filtered = false;
        if (search.Relation is { } relation && relation != "none")
            (verdicts, filtered) = (verdicts.Where(v => v.Relation == relation), true);
        if (search.Flag == "any")
            (verdicts, filtered) = (verdicts.Where(v => v.FlagCount > 0), true);
        else if (!string.IsNullOrEmpty(search.Flag))
        {
            var kind = $"\"kind\":\"{search.Flag}\"";
            (verdicts, filtered) = (verdicts.Where(v => v.FlagCount > 0 && v.FlagsJson.Contains(kind)), true);
        }
        return verdicts;
    }

    /// <summary>The values the licence and architecture filters offer, most common first (counted at most once a minute).</summary>
    public async Task<ModelFacets> FacetsAsync(CancellationToken ct)
    {
        var (licenses, architectures) = await facets.GetAsync(CountFacetsAsync, ct);
        await using var db = await databases.CreateDbContextAsync(ct);
        var months = await db.MonthlyStats.OrderByDescending(s => s.Month).Select(s => s.Month).ToListAsync(ct);
        return new ModelFacets(licenses, architectures, months);
    }

    private async Task<(IReadOnlyList<string>, IReadOnlyList<string>)> CountFacetsAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var licenses = await db.Models.Where(m => m.License != null).GroupBy(m => m.License!)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).Take(MaxFacets).ToListAsync(ct);
        var architectures = await db.Models.Where(m => m.Architecture != null).GroupBy(m => m.Architecture!)
            .OrderByDescending(g => g.Count()).Select(g => g.Key).Take(MaxFacets).ToListAsync(ct);
        return (licenses, architectures);
    }

    public const int MaxFacets = 50;
}
