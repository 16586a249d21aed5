using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace HubWatch.EndToEnd.Tests;

/// <summary>
/// What HubWatch's users do, in a real browser against the published app and its embedded demo hub: the analyst, the
/// investor, the journalist, an anonymous visitor and the admin. Every page they pass is kept as a screenshot.
/// </summary>
[Collection(PublishedApp.Collection)]
public sealed class JourneyTests(PublishedApp app)
{
    private const string Rio = "national-ai-lab/Rio-3.5-Open-70B";
    private static readonly TimeSpan JobsTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task An_analyst_changes_the_date_range_and_downloads_a_chart_as_png()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = browser.Page;
        await browser.GoAsync("/");
        // the first crawl runs at start-up; the live page shows it once it has finished, a reload then holds still
        await page.Locator("#stat-crawl .stat-value", new PageLocatorOptions { HasTextString = " new" }).WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.ReloadAsync();
        await browser.WaitInteractiveAsync();
        Assert.Contains("synthetic scenario", await page.Locator("#demo-label").InnerTextAsync(), StringComparison.Ordinal);

        // the figures on the page agree with the JSON API
        using (var trends = JsonDocument.Parse(await (await page.APIRequest.GetAsync(app.BaseUri + "api/trends")).TextAsync()))
        {
            var uploads = trends.RootElement.GetProperty("months").EnumerateArray().Sum(r => r.GetProperty("uploads").GetInt32())
                + trends.RootElement.GetProperty("beforeTracking").GetProperty("uploads").GetInt32();
            Assert.True(uploads > 0);
            Assert.Equal(uploads, Number(await page.Locator("#stat-models .stat-value").InnerTextAsync()));
        }
        await browser.ScreenshotAsync("trends");

        await page.Locator("#range-12").ClickAsync();
        // Blazor changes the address without loading a page: poll the URL rather than wait for a load event
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("from=\\d{4}-\\d{2}&to=\\d{4}-\\d{2}"));
        await Assertions.Expect(page.Locator("#chart-uploads path.mud-chart-bar")).ToHaveCountAsync(12);
        var query = new Uri(page.Url).Query;
        Assert.EndsWith(query, await page.Locator("#png-uploads").GetAttributeAsync("href"), StringComparison.Ordinal);

        var (path, name) = await browser.DownloadAsync("#png-uploads");
        var png = await File.ReadAllBytesAsync(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG is too small to be a drawn chart");
        var (from, to) = (query.Split('&')[0][6..], query.Split('&')[1][3..]);
        Assert.Equal($"hubwatch-uploads-{from}-to-{to}.png", name);
        await browser.ScreenshotAsync("trends-12-months");
    }

    [Fact]
    public async Task A_journalist_downloads_the_csv_behind_a_chart()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        await browser.GoAsync("/?from=2025-01&to=2025-12");

        var (path, name) = await browser.DownloadAsync("#csv-declared-mergekit");
        Assert.Equal("hubwatch-declared-mergekit-2025-01-to-2025-12.csv", name);
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        Assert.Equal("month,declared_mergekit,uploads,share_percent", lines[0]);
        Assert.Equal(["before 2022-03", .. Enumerable.Range(1, 12).Select(m => $"2025-{m:D2}")], lines.Skip(1).Select(l => l.Split(',')[0]));
        using var trends = JsonDocument.Parse(await (await browser.Page.APIRequest.GetAsync(app.BaseUri + "api/trends?from=2025-01&to=2025-12")).TextAsync());
        foreach (var (line, month) in lines.Skip(2).Zip(trends.RootElement.GetProperty("months").EnumerateArray()))
        {
            var cells = line.Split(',');
            Assert.Equal(month.GetProperty("declaredMergekit").GetInt32(), int.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.Equal(month.GetProperty("uploads").GetInt32(), int.Parse(cells[2], CultureInfo.InvariantCulture));
            if (cells[2] != "0")
                Assert.Equal(100.0 * int.Parse(cells[1], CultureInfo.InvariantCulture) / int.Parse(cells[2], CultureInfo.InvariantCulture),
                    double.Parse(cells[3], CultureInfo.InvariantCulture), precision: 2);
        }
    }

    [Fact]
    public async Task An_investor_searches_a_model_and_reads_its_verdict_evidence_report_and_ml_bom()
    {
        await app.WaitUntilJudgedAsync(Rio, JobsTimeout);
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = browser.Page;
        await browser.GoAsync("/models");
        await page.Locator("input#model-search, #model-search input").First.FillAsync("Rio-3.5");
        var link = page.Locator("#models-table td.model-id a", new PageLocatorOptions { HasTextString = Rio });
        await link.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await browser.ScreenshotAsync("models-search");
        await link.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(app.BaseUri, $"models/{Rio}").AbsoluteUri);
        await browser.WaitInteractiveAsync();

        var sentence = await page.Locator("#verdict-sentence").InnerTextAsync();
        Assert.Contains("merge of", sentence, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Aurora-70B", sentence, StringComparison.Ordinal);
        Assert.Contains("Nexa-N2-Pro-70B", sentence, StringComparison.Ordinal);
        var flags = await page.Locator("#flags").InnerTextAsync();
        Assert.Contains("false-independence", flags, StringComparison.Ordinal);
        Assert.Contains("licence-conflict", flags, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#layer-similarity path.mud-chart-line")).ToHaveCountAsync(3); // two parents and the null band
        await page.Locator("#tensor-panel").ClickAsync();
        await page.Locator("#tensor-evidence tbody tr").Nth(10).WaitForAsync();
        Assert.Matches(@"\(0\.0\d\d % of [\d,]+\)", await page.Locator("#bytes-read").InnerTextAsync()); // a 70B decided from under 0.1 % of it
        await browser.ScreenshotAsync("model");

        // the report opens in a tab of its own, made for printing
        await page.GotoAsync(new Uri(app.BaseUri, await page.Locator("#report-link").GetAttributeAsync("href")).AbsoluteUri);
        await page.Locator("#report-verdict").WaitForAsync();
        Assert.Contains("Aurora-70B", await page.Locator("#report-verdict").InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync("model-report");

        await browser.GoAsync($"/models/{Rio}");
        var (path, _) = await browser.DownloadAsync("#sbom-link");
        using var bom = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        Assert.Equal(("CycloneDX", "1.6"), (bom.RootElement.GetProperty("bomFormat").GetString(), bom.RootElement.GetProperty("specVersion").GetString()));
        var model = bom.RootElement.GetProperty("metadata").GetProperty("component");
        Assert.Equal("machine-learning-model", model.GetProperty("type").GetString());
        Assert.Equal(2, model.GetProperty("pedigree").GetProperty("ancestors").EnumerateArray()
            .Count(a => a.GetProperty("name").GetString()!.EndsWith("70B", StringComparison.Ordinal)));

        await browser.GoAsync("/flags");
        await page.Locator("#flags-table tbody tr").First.WaitForAsync();
        await browser.ScreenshotAsync("flags");
    }

    [Fact]
    public async Task An_anonymous_visitor_reads_the_jobs_but_cannot_trigger_one()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = browser.Page;
        await browser.GoAsync("/jobs");
        await page.Locator("#job-Crawl").WaitForAsync();

        Assert.True(await page.Locator("#jobs-readonly-hint").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("[id^='run-'], [id^='pause-'], [id^='schedule-']").CountAsync());
        await Assertions.Expect(page.Locator("#state-Refresh")).Not.ToContainTextAsync("running"); // a scheduled run would move the row
        var before = await page.Locator("#job-Refresh").InnerTextAsync();

        var response = await page.APIRequest.PostAsync(app.BaseUri + "admin/jobs/Refresh/run");
        Assert.Contains(response.Status, new[] { (int)HttpStatusCode.Unauthorized, (int)HttpStatusCode.Forbidden });
        // A run the server accepted leaves a mark at every instant after the answer: a due trigger moves "next run" to
        // now, a running one changes the state, a finished one the last run. The row as it was says nothing was asked.
        await page.ReloadAsync();
        await browser.WaitInteractiveAsync();
        Assert.Equal(before, await page.Locator("#job-Refresh").InnerTextAsync());
        await browser.ScreenshotAsync("jobs-anonymous");
    }

    [Fact]
    public async Task The_admin_signs_in_with_the_secret_printed_at_first_start_and_pauses_a_job()
    {
        await using var browser = await BrowserSession.OpenAsync(app);
        var page = browser.Page;
        await browser.GoAsync("/admin/login");
        await browser.ScreenshotAsync("admin-login");
        await page.Locator("#secret").FillAsync(app.AdminSecret);
        await page.Locator("#login-submit").ClickAsync();

        await browser.GoAsync("/jobs");
        await page.Locator("#pause-Refresh").ClickAsync();
        await Assertions.Expect(page.Locator("#state-Refresh")).ToContainTextAsync("paused");
        await browser.ScreenshotAsync("jobs-admin");
        await page.Locator("#resume-Refresh").ClickAsync();
        await Assertions.Expect(page.Locator("#state-Refresh")).Not.ToContainTextAsync("paused");
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
