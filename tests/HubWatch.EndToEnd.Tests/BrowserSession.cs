using Microsoft.Playwright;

namespace HubWatch.EndToEnd.Tests;

/// <summary>Debian chromium driven by Playwright, one page, against the published app; screenshots go to tests/artifacts.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public static readonly string Artifacts = Path.Combine(PublishedApp.RepositoryRoot, "tests", "artifacts", "screenshots");

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _baseUri;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page, Uri baseUri) =>
        (_playwright, _browser, Page, _baseUri) = (playwright, browser, page, baseUri);

    public IPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(PublishedApp app)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            AcceptDownloads = true,
        });
        return new BrowserSession(playwright, browser, await context.NewPageAsync(), app.BaseUri);
    }

    /// <summary>Opens a path and waits for the live circuit: clicks made on the prerendered page before it are lost.</summary>
    public async Task GoAsync(string path)
    {
        await Page.GotoAsync(new Uri(_baseUri, path).AbsoluteUri);
        await WaitInteractiveAsync();
    }

    public Task WaitInteractiveAsync() =>
        Page.Locator("#ready[data-interactive='1']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

    /// <summary>Clicks a download link and returns the saved file's path and suggested name.</summary>
    public async Task<(string Path, string Name)> DownloadAsync(string selector)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.Locator(selector).ClickAsync());
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("hubwatch-download-").FullName, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return (path, download.SuggestedFilename);
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(Artifacts);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(Artifacts, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
