using Bunit;
using HubWatch.Application.Models;
using HubWatch.Web.Components.Overview;

namespace HubWatch.Web.Tests.Components;

public sealed class LatestModelsTableTests
{
    [Fact]
    public async Task Shows_one_row_per_model_with_placeholder_dates_as_before_2022_03()
    {
        await using var context = TrendChartCardTests.NewContext();
        ModelSummary[] models =
        [
            new("org/new", "org", new DateTime(2024, 7, 18, 0, 0, 0, DateTimeKind.Utc), false, "apache-2.0", "text-generation", 1234, ["org/base"]),
            new("gpt2", null, new DateTime(2022, 3, 2, 23, 29, 4, DateTimeKind.Utc), true, null, null, 5, []),
        ];

        var table = context.Render<LatestModelsTable>(p => p.Add(t => t.Models, models));

        var rows = table.FindAll("#latest-models tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("2024-07-18", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("org/base", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("1,234", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("before 2022-03", rows[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("2022-03-02", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_so_when_nothing_has_been_crawled()
    {
        await using var context = TrendChartCardTests.NewContext();
        var table = context.Render<LatestModelsTable>(p => p.Add(t => t.Models, []));
        Assert.Contains("No models crawled yet", table.Markup, StringComparison.Ordinal);
    }
}
