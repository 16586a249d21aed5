using System.Globalization;
using Bunit;
using HubWatch.Application.Trends;
using HubWatch.Domain.Time;
using HubWatch.Web.Components.Overview;
using MudBlazor.Services;

namespace HubWatch.Web.Tests.Components;

public sealed class UploadsChartTests
{
    private static readonly TrendSeries Series = new(
        new YearMonth(2024, 1), new YearMonth(2024, 3),
        [TrendRow.Empty("2024-01") with { Uploads = 4 }, TrendRow.Empty("2024-02"), TrendRow.Empty("2024-03") with { Uploads = 7 }],
        BeforeTracking: TrendRow.Empty("before 2022-03") with { Uploads = 12 },
        Cutoff: new DateTime(2024, 3, 20, 9, 30, 0, DateTimeKind.Utc), Hub: "Test hub", Synthetic: false);

    [Fact]
    public async Task Draws_one_bar_per_month_with_labels()
    {
        await using var context = NewContext();
        var chart = context.Render<UploadsChart>(p => p.Add(c => c.Series, Series));

        var heights = chart.FindAll("path.mud-chart-bar").Select(BarHeight).ToList();
        Assert.Equal(3, heights.Count);
        Assert.Equal(0, heights[1], precision: 3);
        Assert.Equal(7.0 / 4.0, heights[2] / heights[0], precision: 3);
        var labels = chart.FindAll(".mud-charts-xaxis text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(["2024-01", "2024-02", "2024-03"], labels);
    }

    [Fact]
    public async Task States_what_it_counts_the_pre_2022_bucket_and_the_cutoff()
    {
        await using var context = NewContext();
        var caption = context.Render<UploadsChart>(p => p.Add(c => c.Series, Series)).Find(".chart-caption").TextContent;

        Assert.Contains("2024-01 to 2024-03", caption, StringComparison.Ordinal);
        Assert.Contains("12 models predate the hub's records (before 2022-03)", caption, StringComparison.Ordinal);
        Assert.Contains("Data to 2024-03-20 09:30 UTC", caption, StringComparison.Ordinal);
    }

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
