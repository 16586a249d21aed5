using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace HubWatch.EndToEnd.Tests;

/// <summary>The Overview in a real browser (Debian chromium driven by Playwright) against the published app.</summary>
[Collection(PublishedApp.Collection)]
public sealed class OverviewBrowserTests(PublishedApp app)
{
    private static readonly string Artifacts = Path.Combine(PublishedApp.RepositoryRoot, "tests", "artifacts");

    [Fact]
    public async Task Shows_monthly_uploads_and_the_latest_models_crawled_from_the_demo_hub()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });

        await page.GotoAsync(app.BaseUri.AbsoluteUri);
        await page.Locator("#ready[data-interactive='1']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

        // The first crawl runs at start-up; the live page re-reads its figures every few seconds and shows the run
        // once it has finished. Reloading then gives figures that no crawl is changing.
        await page.Locator("#stat-crawl .stat-value", new PageLocatorOptions { HasTextString = " new" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.ReloadAsync();
        await page.Locator("#ready[data-interactive='1']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var rows = page.Locator("#latest-models tbody tr.mud-table-row");
        await rows.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.InRange(await rows.CountAsync(), 1, 20);

        var bars = page.Locator("#uploads-chart path.mud-chart-bar");
        Assert.True(await bars.CountAsync() > 1);
        var drawn = await bars.EvaluateAllAsync<int>("bars => bars.filter(b => b.getBBox().height > 0).length");
        Assert.True(drawn > 0, "no bar of the uploads chart has a height");
        Assert.Contains("Demo hub", await page.Locator("#demo-label").InnerTextAsync(), StringComparison.Ordinal);

        // The figures on the page agree with the JSON API.
        var response = await page.APIRequest.GetAsync(app.BaseUri + "api/trends");
        using var trends = JsonDocument.Parse(await response.TextAsync());
        var uploads = trends.RootElement.EnumerateArray().Sum(r => r.GetProperty("uploads").GetInt32());
        var models = int.Parse(await page.Locator("#stat-models .stat-value").InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        var before = int.Parse(await page.Locator("#stat-before .stat-value").InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.True(models > 0);
        Assert.Equal(models, uploads + before);

        Directory.CreateDirectory(Artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, "overview.png"), FullPage = true });
    }
}
