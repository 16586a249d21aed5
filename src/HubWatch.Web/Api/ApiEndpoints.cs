using HubWatch.Application.Models;
using HubWatch.Application.Trends;
using HubWatch.Domain.Time;
using HubWatch.Web.Components;

namespace HubWatch.Web.Api;

/// <summary>The read-only JSON API. Names are stable: analysts script against them.</summary>
internal static class ApiEndpoints
{
    /// <returns>The /api group (health checks stay outside it).</returns>
    public static RouteGroupBuilder MapHubWatchApi(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz");
        var api = routes.MapGroup("/api");
        api.MapGet("/trends", Trends).CacheOutput(FiguresOutputCache.Policy);
        api.MapChartExports();
        api.MapGet("/models", Models);
        api.MapModelBoms();
        // repository ids hold one slash (author/name); a few legacy ids have none
        api.MapGet("/models/{author}/{name}", (string author, string name, ModelDetails details, CancellationToken ct) => Model($"{author}/{name}", details, ct));
        api.MapGet("/models/{name}", (string name, ModelDetails details, CancellationToken ct) => Model(name, details, ct));
        return api;
    }

    /// <summary>
    /// The monthly series for <c>from</c>..<c>to</c> (both optional): <c>{from, to, months: [{month: "YYYY-MM", uploads, …}],
    /// beforeTracking, cutoff, hub, synthetic}</c>, months oldest first.
    /// </summary>
    private static async Task<IResult> Trends(string? from, string? to, TrendsService trends, CancellationToken ct)
    {
        if (MonthRangeProblem.Of(from, to, out var range) is { } problem)
            return problem;
        var series = await trends.MonthlyAsync(range.From, range.To, ct);
        return Results.Ok(series);
    }

    /// <summary>
    /// A page of models with their current verdicts: <c>{total, page, pageSize, items}</c>; filters by verdict relation,
    /// flag kind (or <c>any</c>), declared licence (or <c>none</c>), architecture and upload month.
    /// </summary>
    private static async Task<IResult> Models(string? search, string? relation, string? flag, string? license, string? architecture, string? month,
        int? page, int? pageSize, ModelQueries models, CancellationToken ct)
    {
        var query = new ModelSearch(search, NullIfEmpty(relation), flag, page ?? 1, pageSize ?? 50, NullIfEmpty(license), NullIfEmpty(architecture), NullIfEmpty(month));
        var errors = query.Errors().ToList();
        return errors.Count > 0
            ? Results.Problem(string.Join("; ", errors) + ".", statusCode: StatusCodes.Status400BadRequest)
            : Results.Ok(await models.SearchAsync(query, ct));
    }

    /// <summary>One model with its declared facts, current verdict and evidence, history, fingerprint cost and lineage.</summary>
    /// <remarks>The API is public: a step's failure reason goes out as visitors read it (<see cref="VisitorText"/>).</remarks>
    private static async Task<IResult> Model(string id, ModelDetails details, CancellationToken ct) =>
        await details.GetAsync(id, ct) is { } detail
            ? Results.Ok(detail with { Problems = [.. detail.Problems.Select(p => p with { Reason = VisitorText.Of(p.Reason) })] })
            : Results.Problem($"no model '{id}' is known here.", statusCode: StatusCodes.Status404NotFound);

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
