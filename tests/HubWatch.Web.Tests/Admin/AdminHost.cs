using System.Net;
using System.Text.RegularExpressions;
using HubWatch.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HubWatch.Web.Tests.Admin;

/// <summary>
/// The real web host over a test database with no job scheduled (they run only when triggered) and a hub nobody
/// answers, so a triggered crawl records a failed run quickly. A client keeps cookies like a browser.
/// </summary>
internal sealed partial class AdminHost : IDisposable
{
    public const string Secret = "test-admin-secret-0123456789";

    private readonly WebApplicationFactory<Program> _app;

    /// <param name="settings">More configuration, as key and value.</param>
    public AdminHost(TestDatabase database, bool configureSecret = true, params (string Key, string Value)[] settings)
    {
        _app = QuietWebHost.Create(database, web =>
        {
            web.UseSetting("Hub:Http:Retry:MaxAttempts", "1");
            if (configureSecret)
                web.UseSetting("Admin:Secret", Secret);
            foreach (var (key, value) in settings)
                web.UseSetting(key, value);
        });
    }

    public IServiceProvider Services => _app.Services;

    public HttpClient Browser() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client that keeps no cookies: it sends whatever cookies a test hands it, as someone who copied them would.</summary>
    public HttpClient Bare() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>The antiforgery token a page's forms carry (the matching cookie lands in the client).</summary>
    public static async Task<string> TokenFromAsync(HttpClient browser, string page)
    {
        return TokenIn(await browser.GetStringAsync(page), page);
    }

    /// <summary>The antiforgery token of the first form in <paramref name="html"/>.</summary>
    public static string TokenIn(string html, string page)
    {
        var input = HiddenToken().Match(html);
        Assert.True(input.Success, $"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(TokenValue().Match(input.Value).Groups[1].Value);
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string secret, string returnUrl = "/jobs")
    {
        var token = await TokenFromAsync(browser, "/admin/login");
        return await browser.PostAsync("/admin/login", Form(("__RequestVerificationToken", token), ("secret", secret), ("returnUrl", returnUrl)));
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    public void Dispose() => _app.Dispose();

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex HiddenToken();

    [GeneratedRegex("""value="([^"]*)""")]
    private static partial Regex TokenValue();
}
