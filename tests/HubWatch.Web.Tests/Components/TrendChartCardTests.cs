using System.Globalization;
using Bunit;
using HubWatch.Application.Trends;
using HubWatch.Domain.Time;
using HubWatch.Web.Components.Charts;
using MudBlazor.Services;

namespace HubWatch.Web.Tests.Components;

public sealed class TrendChartCardTests
{
    private static readonly TrendSeries Series = new(
        new YearMonth(2024, 1), new YearMonth(2024, 3),
        [Row("2024-01", uploads: 4, judged: 4, merges: 1), Row("2024-02", 0, 0, 0), Row("2024-03", uploads: 7, judged: 5, merges: 4)],
        Row("before 2022-03", 12, 2, 1),
        Cutoff: new DateTime(2024, 3, 20, 9, 30, 0, DateTimeKind.Utc),
        Hub: "Demo hub (synthetic scenario)",
        Synthetic: true);

    [Fact]
    public async Task A_count_chart_draws_one_bar_per_month_with_labels()
    {
        await using var context = NewContext();
        var chart = context.Render<TrendChartCard>(p => p.Add(c => c.Chart, TrendChart.Find("uploads")!).Add(c => c.Series, Series));

        var heights = chart.FindAll("path.mud-chart-bar").Select(BarHeight).ToList();
        Assert.Equal(3, heights.Count);
        Assert.Equal(0, heights[1], precision: 3);
        Assert.Equal(7.0 / 4.0, heights[2] / heights[0], precision: 3);
        var labels = chart.FindAll(".mud-charts-xaxis text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["2024-01", "2024-02", "2024-03"], labels);
        Assert.Contains("before 2022-03 (undated, not plotted): 12", chart.Find(".chart-caption").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_share_chart_states_its_denominator_sample_cutoff_and_the_synthetic_label()
    {
        await using var context = NewContext();
        var chart = context.Render<TrendChartCard>(p => p.Add(c => c.Chart, TrendChart.Find("detected-merges")!).Add(c => c.Series, Series));
        var caption = chart.Find(".chart-caption").TextContent;

        Assert.Contains("as a share of models uploaded that month with a verdict", caption, StringComparison.Ordinal);
        Assert.Contains("2024-01 to 2024-03", caption, StringComparison.Ordinal);
        Assert.Contains("n = 9 in the denominator · 5 of 9 (55.6 %) overall", caption, StringComparison.Ordinal);
        Assert.Contains("HubWatch · Demo hub (synthetic scenario) · data to 2024-03-20 · synthetic demo scenario", caption, StringComparison.Ordinal);
        Assert.NotEmpty(chart.FindAll("path.mud-chart-line"));
    }

    [Fact]
    public async Task Exports_cover_the_same_months_in_every_format()
    {
        await using var context = NewContext();
        var chart = context.Render<TrendChartCard>(p => p.Add(c => c.Chart, TrendChart.Find("licence-conflicts")!).Add(c => c.Series, Series));

        foreach (var format in new[] { "png", "svg", "csv" })
            Assert.Equal($"/api/charts/licence-conflicts.{format}?from=2024-01&to=2024-03", chart.Find($"#{format}-licence-conflicts").GetAttribute("href"));
    }

    [Fact]
    public async Task A_share_without_any_denominator_in_the_range_says_so_instead_of_drawing_zeros()
    {
        await using var context = NewContext();
        var empty = Series with { Months = [.. Series.Months.Select(r => r with { Judged = 0, DetectedMerges = 0 })] };
        var chart = context.Render<TrendChartCard>(p => p.Add(c => c.Chart, TrendChart.Find("detected-merges")!).Add(c => c.Series, empty));

        Assert.Contains("no model uploaded in these months has a verdict yet", chart.Find(".no-denominator").TextContent, StringComparison.Ordinal);
        Assert.Empty(chart.FindAll("path.mud-chart-line"));
    }

    [Fact]
    public void Shares_are_percentages_of_their_own_denominator_and_missing_without_one()
    {
        var merges = TrendChart.Find("detected-merges")!;
        Assert.Equal([25.0, null, 80.0], Series.Months.Select(merges.Value));
        Assert.Equal([4.0, 0.0, 7.0], Series.Months.Select(TrendChart.Find("uploads")!.Value));
        Assert.Equal(TrendChart.All.Count, TrendChart.All.Select(c => c.Name).Distinct().Count());
    }

    private static TrendRow Row(string month, int uploads, int judged, int merges) =>
        TrendRow.Empty(month) with { Uploads = uploads, Judged = judged, DetectedMerges = merges };

    /// <summary>A bar is drawn as a thick vertical line <c>M x y0 L x y1</c>; its height is y0 − y1.</summary>
    private static double BarHeight(AngleSharp.Dom.IElement bar)
    {
        var parts = bar.GetAttribute("d")!.Split(' ');
        return double.Parse(parts[2], CultureInfo.InvariantCulture) - double.Parse(parts[5], CultureInfo.InvariantCulture);
    }

    internal static BunitContext NewContext()
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        return context;
    }
}
