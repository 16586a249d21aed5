using HubWatch.Application.Exports;
using HubWatch.Application.Trends;

namespace HubWatch.Web.Api;

/// <summary>
/// Every trend chart as a download: <c>/api/charts/{name}.png|.svg|.csv</c> over <c>from</c>..<c>to</c> (as
/// <c>/api/trends</c>), <c>/api/charts/all.csv</c> with every series, and <c>/api/charts</c> listing them.
/// </summary>
internal static class ChartEndpoints
{
    /// <summary>A chart in the listing with its three download links (carrying the range asked for, if any).</summary>
    public sealed record ChartLinks(string Name, string Title, string Counts, string? Denominator, bool IsShare, string Png, string Svg, string Csv);

    public static RouteGroupBuilder MapChartExports(this RouteGroupBuilder api)
    {
        api.MapGet("/charts", List);
        api.MapGet("/charts/{name}.{format}", Download).CacheOutput(FiguresOutputCache.Policy);
        return api;
    }

    private static IResult List(string? from, string? to)
    {
        if (MonthRangeProblem.Of(from, to, out _) is { } problem)
            return problem;
        var query = QueryString.Empty;
        if (!string.IsNullOrEmpty(from))
            query = query.Add("from", from);
        if (!string.IsNullOrEmpty(to))
            query = query.Add("to", to);
        string Url(TrendChart chart, ChartFormat format) => $"/api/charts/{chart.Name}.{ChartExport.Extension(format)}{query}";
        return Results.Ok(TrendChart.All.Select(c => new ChartLinks(c.Name, c.Title, c.Counts, c.Denominator, c.IsShare,
            Url(c, ChartFormat.Png), Url(c, ChartFormat.Svg), Url(c, ChartFormat.Csv))));
    }

    private static async Task<IResult> Download(string name, string format, string? from, string? to, TrendsService trends, CancellationToken ct)
    {
        if (!ChartExport.TryParseFormat(format, out var kind))
            return Problem(StatusCodes.Status400BadRequest, $"'{format}' is not a chart format: use .png, .svg or .csv.");
        var all = name == ChartExport.AllSeriesName;
        if (all && kind != ChartFormat.Csv)
            return Problem(StatusCodes.Status400BadRequest, $"{ChartExport.AllSeriesName} (every series) is a table: only {ChartExport.AllSeriesName}.csv exists.");
        var chart = TrendChart.Find(name);
        if (chart is null && !all)
            return Problem(StatusCodes.Status404NotFound,
                $"no chart '{name}'. Known charts: {string.Join(", ", TrendChart.All.Select(c => c.Name))}; {ChartExport.AllSeriesName}.csv holds every series.");
        if (MonthRangeProblem.Of(from, to, out var range) is { } problem)
            return problem;

        var series = await trends.MonthlyAsync(range.From, range.To, ct);
        var file = chart is null ? ChartExport.AllSeries(series) : ChartExport.Create(chart, series, kind);
        return Results.File(file.Content, file.ContentType, file.FileName);
    }

    private static IResult Problem(int status, string detail) => Results.Problem(detail, statusCode: status);
}
