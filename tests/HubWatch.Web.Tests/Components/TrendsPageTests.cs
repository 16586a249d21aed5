using System.Globalization;
using Bunit;
using HubWatch.Application.Crawling;
using HubWatch.Application.Trends;
using HubWatch.Domain.Hub;
using HubWatch.Domain.Time;
using HubWatch.Hub;
using HubWatch.Testing;
using HubWatch.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace HubWatch.Web.Tests.Components;

/// <summary>The landing (Trends) page over the real application services, a real SQLite file and a crawl of the demo hub.</summary>
public sealed class TrendsPageTests
{
    [Fact]
    public async Task Shows_the_demo_label_the_counts_and_every_month_of_a_crawled_demo_hub()
    {
        using var database = TestDatabase.CreateMigrated();
        await using var hub = await TestHub.ServeAsync();
        var source = HubSource.RunningDemo(hub.BaseUri, TestHub.Hub.Description);
        using (var crawler = HubWatchServices.Build(database, source))
        {
            await crawler.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);
            // what the job's run recorder does after every run
            await crawler.GetRequiredService<MonthlyAggregates>().UpdateChangedSinceAsync(DateTime.MinValue, CancellationToken.None);
        }

        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        using var app = HubWatchServices.Build(database, source);
        context.Services.AddFallbackServiceProvider(app);
        context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = context.Render<TrendsPage>();
        page.WaitForElement("#latest-models");

        Assert.Contains("synthetic scenario", page.Find("#demo-label").TextContent, StringComparison.Ordinal);
        Assert.Equal(TestHub.ModelCount.ToString("N0", CultureInfo.InvariantCulture), page.Find("#stat-models .stat-value").TextContent.Trim());
        Assert.Equal(TestHub.BeforeTrackingCount.ToString("N0", CultureInfo.InvariantCulture), page.Find("#stat-before .stat-value").TextContent.Trim());
        Assert.Equal(Math.Min(TestHub.ModelCount, 20), page.FindAll("#latest-models tbody tr").Count);
        // one bar per month from the first upload after the hub's placeholder date to the current month
        var first = TestHub.Hub.Repos.Where(r => !UploadDate.IsBeforeTracking(r.CreatedAt)).Min(r => YearMonth.Of(r.CreatedAt));
        var months = first.Through(YearMonth.Of(DateTimeOffset.UtcNow)).Count();
        Assert.Equal(months, page.FindAll("#chart-uploads path.mud-chart-bar").Count);
        // every chart of the catalogue, each with its exports; nothing fingerprinted yet
        Assert.Equal(TrendChart.All.Count, page.FindAll(".trend-chart").Count);
        Assert.All(TrendChart.All, c => Assert.NotNull(page.Find($"#png-{c.Name}")));
        Assert.Equal("0", page.Find("#stat-fingerprinted .stat-value").TextContent.Trim());
    }

    [Fact]
    public async Task A_range_in_the_address_limits_every_chart_and_a_bad_one_is_explained()
    {
        using var database = TestDatabase.CreateMigrated();
        await using var host = new PageHost(database);
        host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/?from=2025-01&to=2025-06");

        var page = host.Context.Render<TrendsPage>();
        page.WaitForElement("#chart-uploads");
        Assert.Equal(6, page.FindAll("#chart-uploads path.mud-chart-bar").Count);
        Assert.Contains("?from=2025-01&to=2025-06", page.Find("#csv-detected-merges").GetAttribute("href"), StringComparison.Ordinal);

        host.Context.Services.GetRequiredService<NavigationManager>().NavigateTo("/?from=2025-06&to=2025-01");
        var reversed = host.Context.Render<TrendsPage>();
        reversed.WaitForElement("#range-error");
        Assert.Contains("after it ends", reversed.Find("#range-error").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_that_the_crawl_is_paused_while_the_hub_is_down()
    {
        using var database = TestDatabase.CreateMigrated();
        using var app = HubWatchServices.Build(database, HubSource.Configured(new Uri("http://127.0.0.1:9/")), new Dictionary<string, string?>
        {
            ["Hub:Http:Retry:MaxAttempts"] = "1",
            ["Hub:Http:Breaker:FailureThreshold"] = "2",
        });
        // real failed requests open the breaker
        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => app.GetRequiredService<HubWatch.Hub.Api.HubClient>().GetModelAsync("a/b", CancellationToken.None));

        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddFallbackServiceProvider(app);
        context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = context.Render<TrendsPage>();
        page.WaitForElement("#hub-down");
        Assert.Contains("paused until", page.Find("#hub-down").TextContent, StringComparison.Ordinal);
    }
}
