using System.Globalization;
using HubWatch.Application.Trends;
using HubWatch.Domain.Hub;

namespace HubWatch.Application.Exports;

/// <summary>
/// The words that travel with a chart: title, what it counts, the range, where the data come from and how many models
/// stand behind it. The images print them; the Trends page can show the same lines under its own chart.
/// </summary>
/// <param name="Subtitle">What is counted and, for shares, of what.</param>
/// <param name="Range">The months shown, plus the undated before-2022-03 models, which no month holds.</param>
/// <param name="Source"><c>HubWatch · hub · data to yyyy-MM-dd</c>, and "synthetic demo scenario" for the demo hub.</param>
/// <param name="SampleSize">How many models the plotted figures rest on (over the range, before 2022-03 left out).</param>
public sealed record ChartCaption(string Title, string Subtitle, string Range, string Source, string SampleSize)
{
    public const string SyntheticLabel = "synthetic demo scenario";

    public static ChartCaption For(TrendChart chart, TrendSeries series)
    {
        var subtitle = chart.Denominator is null ? Capitalise(chart.Counts) : $"{Capitalise(chart.Counts)}, as a share of {chart.Denominator}";
        return new ChartCaption(chart.Title, subtitle, RangeLine(chart, series), SourceLine(series), SampleLine(chart, series));
    }

    public static string SourceLine(TrendSeries series)
    {
        var to = series.Cutoff is { } cutoff ? "data to " + cutoff.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "no crawl yet";
        var source = $"HubWatch · {series.Hub} · {to}";
        return series.Synthetic ? $"{source} · {SyntheticLabel}" : source;
    }

    private static string RangeLine(TrendChart chart, TrendSeries series)
    {
        var range = $"{series.From} to {series.To}";
        var before = series.BeforeTracking;
        var label = UploadDate.BeforeTrackingLabel;
        if (chart.Base is null)
            return chart.Numerator(before) == 0 ? range : $"{range} · {label} (undated, not plotted): {Count(chart.Numerator(before))}";
        var of = chart.Base(before);
        return of == 0 ? range : $"{range} · {label} (undated, not plotted): {Fraction(chart.Numerator(before), of)}";
    }

    private static string SampleLine(TrendChart chart, TrendSeries series)
    {
        var counted = series.Months.Sum(chart.Numerator);
        if (chart.Base is null)
            return $"n = {Count(counted)} models";
        var of = series.Months.Sum(chart.Base);
        return of == 0 ? "n = 0: no month in the range has a denominator" : $"n = {Count(of)} in the denominator · {Fraction(counted, of)} overall";
    }

    private static string Fraction(int part, int whole) =>
        $"{Count(part)} of {Count(whole)} ({(100.0 * part / whole).ToString("0.#", CultureInfo.InvariantCulture)} %)";

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
