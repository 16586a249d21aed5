using Bunit;
using HubWatch.Application.Crawling;
using HubWatch.Application.Hubs;
using HubWatch.Domain.Time;
using HubWatch.Hub.DemoHub;
using HubWatch.Testing;
using HubWatch.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace HubWatch.Web.Tests.Components;

/// <summary>The Overview page over the real application services, a real SQLite file and a crawl of the demo hub.</summary>
public sealed class OverviewPageTests
{
    [Fact]
    public async Task Shows_the_demo_label_the_counts_and_every_month_of_a_crawled_demo_hub()
    {
        using var database = TestDatabase.CreateMigrated();
        await using var hub = await DemoHubServer.StartAsync(RecordedHub.Catalog);
        var source = HubSource.RunningDemo(hub.BaseUri, "Demo hub: recorded real Hugging Face API responses");
        using (var crawler = HubWatchServices.Build(database, source))
            await crawler.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        using var app = HubWatchServices.Build(database, source);
        context.Services.AddFallbackServiceProvider(app);
        context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = context.Render<Overview>();
        page.WaitForElement("#latest-models");

        Assert.Contains("Demo hub: recorded real Hugging Face API responses", page.Find("#demo-label").TextContent, StringComparison.Ordinal);
        Assert.Equal(RecordedHub.ModelCount.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#stat-models .stat-value").TextContent.Trim());
        Assert.Equal(RecordedHub.BeforeTrackingCount.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#stat-before .stat-value").TextContent.Trim());
        Assert.Equal(Math.Min(RecordedHub.ModelCount, 20), page.FindAll("#latest-models tbody tr").Count);
        // one bar per month from the first recorded upload (2022-07) to the current month
        var months = new YearMonth(2022, 7).Through(YearMonth.Of(DateTimeOffset.UtcNow)).Count();
        Assert.Equal(months, page.FindAll("#uploads-chart path.mud-chart-bar").Count);
    }
}
