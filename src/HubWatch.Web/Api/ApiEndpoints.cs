using HubWatch.Application.Trends;
using HubWatch.Domain.Time;

namespace HubWatch.Web.Api;

/// <summary>The read-only JSON API. Names are stable: analysts script against them.</summary>
internal static class ApiEndpoints
{
    public static IEndpointRouteBuilder MapHubWatchApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/trends", Trends);
        routes.MapHealthChecks("/healthz");
        return routes;
    }

    /// <summary>Monthly rows <c>{month: "YYYY-MM", uploads}</c>, oldest first, for <c>from</c>..<c>to</c> (both optional).</summary>
    private static async Task<IResult> Trends(string? from, string? to, TrendsService trends, CancellationToken ct)
    {
        if (!TryParseMonth(from, out var first) || !TryParseMonth(to, out var last))
            return Results.Problem("from and to must be months in the form YYYY-MM.", statusCode: StatusCodes.Status400BadRequest);
        if (first > last)
            return Results.Problem($"from ({first}) is after to ({last}).", statusCode: StatusCodes.Status400BadRequest);
        var series = await trends.MonthlyAsync(first, last, ct);
        return Results.Ok(series.Rows);
    }

    private static bool TryParseMonth(string? text, out YearMonth? month)
    {
        month = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!YearMonth.TryParse(text, out var parsed))
            return false;
        month = parsed;
        return true;
    }
}
