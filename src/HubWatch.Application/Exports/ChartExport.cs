using System.Text;
using HubWatch.Application.Trends;

namespace HubWatch.Application.Exports;

public enum ChartFormat
{
    Png,
    Svg,
    Csv,
}

/// <summary>A file ready to download: its name (<c>hubwatch-&lt;chart&gt;-&lt;from&gt;-to-&lt;to&gt;.&lt;ext&gt;</c>), type and bytes.</summary>
public sealed record ChartFile(string FileName, string ContentType, byte[] Content);

/// <summary>One entry point for the downloads: a chart (or all series) over a range, as PNG, SVG or CSV.</summary>
public static class ChartExport
{
    /// <summary>The name under which <see cref="AllSeries"/> is served beside the charts: <c>all.csv</c>.</summary>
    public const string AllSeriesName = "all";

    /// <summary>Reads <c>png</c>, <c>svg</c> or <c>csv</c> (any case), as in a file extension.</summary>
    public static bool TryParseFormat(string? text, out ChartFormat format)
    {
        ChartFormat? parsed = text?.ToLowerInvariant() switch
        {
            "png" => ChartFormat.Png,
            "svg" => ChartFormat.Svg,
            "csv" => ChartFormat.Csv,
            _ => null,
        };
        format = parsed ?? default;
        return parsed is not null;
    }

    public static string Extension(ChartFormat format) => format.ToString().ToLowerInvariant();

    public static string ContentType(ChartFormat format) => format switch
    {
        ChartFormat.Png => "image/png",
        ChartFormat.Svg => "image/svg+xml",
        _ => "text/csv; charset=utf-8",
    };

    public static string FileName(string name, TrendSeries series, ChartFormat format) =>
        $"hubwatch-{name}-{series.From}-to-{series.To}.{Extension(format)}";

    public static ChartFile Create(TrendChart chart, TrendSeries series, ChartFormat format)
    {
        var content = format switch
        {
            ChartFormat.Png => ChartImage.Png(chart, series),
            ChartFormat.Svg => Encoding.UTF8.GetBytes(ChartImage.Svg(chart, series)),
            _ => Encoding.UTF8.GetBytes(ChartCsv.For(chart, series)),
        };
        return new ChartFile(FileName(chart.Name, series, format), ContentType(format), content);
    }

    public static ChartFile AllSeries(TrendSeries series) =>
        new(FileName(AllSeriesName, series, ChartFormat.Csv), ContentType(ChartFormat.Csv), Encoding.UTF8.GetBytes(ChartCsv.AllSeries(series)));
}
