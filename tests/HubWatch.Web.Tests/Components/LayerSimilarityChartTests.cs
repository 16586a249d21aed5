using Bunit;
using HubWatch.Provenance.Classification;
using HubWatch.Web.Components.Models;

namespace HubWatch.Web.Tests.Components;

public sealed class LayerSimilarityChartTests
{
    [Fact]
    public async Task Draws_a_line_per_parent_and_the_null_band_over_the_layers()
    {
        var profile = LayerProfile.From([new("a/base", 0, 0.6, 60), new("a/base", 1, 0.62, 62), new("b/base", 0, 0.4, 40), new("b/base", 1, 0.38, 38)]);
        await using var context = TrendChartCardTests.NewContext();

        var chart = context.Render<LayerSimilarityChart>(p => p.Add(c => c.Profile, profile));

        Assert.Equal(3, chart.FindAll("path.mud-chart-line").Count);
        Assert.Equal(["0", "1"], chart.FindAll(".mud-charts-xaxis text").Select(t => t.TextContent.Trim()));
        Assert.Contains("3 standard deviations", chart.Find(".chart-caption").TextContent, StringComparison.Ordinal);
    }
}
