using System.Net;
using HubWatch.Application.Scheduling;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using HubWatch.Web.Admin;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace HubWatch.Web.Tests.Admin;

/// <summary>The admin flow over HTTP against the real host: anonymous visitors read, only a signed-in admin acts.</summary>
public sealed class AdminEndpointTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("run")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("schedule")]
    public async Task An_anonymous_POST_is_401_even_with_a_valid_antiforgery_token_and_nothing_runs(string action)
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();
        var token = await AdminHost.TokenFromAsync(browser, "/admin/login");
        var requests = await SchedulerRequests.AttachAsync(host.Services);

        using var response = await browser.PostAsync($"/admin/jobs/Crawl/{action}", AdminHost.Form(("__RequestVerificationToken", token), ("interval", "2h")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(requests.Asked);
        using var db = _database.CreateDbContext();
        Assert.Empty(db.JobRuns);
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Empty(await scheduler.GetTriggersOfJob(HubWatchJobs.Crawl.Key));
    }

    [Fact]
    public async Task Only_an_admin_releases_a_parked_model()
    {
        using (var db = _database.CreateDbContext())
        {
            db.Models.Add(new HubModel { Id = "a/parked", Sha = "s" });
            db.ModelFaults.Add(new ModelFault { ModelId = "a/parked", Step = ModelFault.Card, Revision = "s", Failures = 3, Reason = "cut short", QuarantinedAt = DateTime.UtcNow });
            db.SaveChanges();
        }
        using var host = new AdminHost(_database);
        using var browser = host.Browser();
        // a fresh token each time: the antiforgery token is bound to the user, who changes at sign-in
        async Task<FormUrlEncodedContent> Form() =>
            AdminHost.Form(("__RequestVerificationToken", await AdminHost.TokenFromAsync(browser, "/admin/login")), ("model", "a/parked"), ("step", ModelFault.Card));

        using (var anonymous = await browser.PostAsync("/admin/parked/release", await Form()))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var db = _database.CreateDbContext())
            Assert.Single(db.ModelFaults);

        await AdminHost.SignInAsync(browser, AdminHost.Secret);
        using (var released = await browser.PostAsync("/admin/parked/release", await Form()))
            Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        using (var again = await browser.PostAsync("/admin/parked/release", await Form()))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        using (var db = _database.CreateDbContext())
            Assert.Empty(db.ModelFaults);
    }

    [Fact]
    public async Task A_wrong_secret_signs_nobody_in()
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();

        using var login = await AdminHost.SignInAsync(browser, "not-the-admin-secret");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.StartsWith("/admin/login?failed=1", login.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.False(login.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("HubWatch.Admin=", StringComparison.Ordinal)));
        var token = await AdminHost.TokenFromAsync(browser, "/admin/login");
        using var run = await browser.PostAsync("/admin/jobs/Crawl/run", AdminHost.Form(("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Unauthorized, run.StatusCode);
    }

    [Fact]
    public async Task An_admin_signs_in_with_the_form_and_runs_a_job()
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();

        using var login = await AdminHost.SignInAsync(browser, AdminHost.Secret);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/jobs", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("HubWatch.Admin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        // a signed-in page carries the token for this user (the sign-out form in the app bar)
        var token = await AdminHost.TokenFromAsync(browser, "/jobs");
        var requests = await SchedulerRequests.AttachAsync(host.Services);
        using var run = await browser.PostAsync("/admin/jobs/Crawl/run", AdminHost.Form(("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal($"scheduled {HubWatchJobs.Crawl.Key}", Assert.Single(requests.Asked)); // asked before the answer: what the refusals rely on
        var recorded = await WaitForRunAsync("Crawl");
        Assert.Equal(RunStatus.Failed, recorded.Status); // the hub does not answer; what matters is that it ran
    }

    [Fact]
    public async Task An_admin_POST_without_the_antiforgery_token_is_refused()
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();
        await AdminHost.SignInAsync(browser, AdminHost.Secret);
        var requests = await SchedulerRequests.AttachAsync(host.Services);

        using var run = await browser.PostAsync("/admin/jobs/Crawl/run", AdminHost.Form());

        Assert.Equal(HttpStatusCode.BadRequest, run.StatusCode);
        Assert.Empty(requests.Asked);
        using var db = _database.CreateDbContext();
        Assert.Empty(db.JobRuns);
    }

    [Theory]
    [InlineData("30s", HttpStatusCode.Conflict)]
    [InlineData("soon", HttpStatusCode.BadRequest)]
    [InlineData("2h", HttpStatusCode.Conflict)] // the crawl is disabled here: it has no schedule to change
    public async Task Schedule_changes_are_checked(string interval, HttpStatusCode expected)
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();
        await AdminHost.SignInAsync(browser, AdminHost.Secret);
        var token = await AdminHost.TokenFromAsync(browser, "/jobs");

        using var response = await browser.PostAsync("/admin/jobs/Crawl/schedule", AdminHost.Form(("__RequestVerificationToken", token), ("interval", interval)));

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/\u0001/evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("~//evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task Signing_in_never_sends_the_browser_to_another_site(string returnUrl)
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();

        using var login = await AdminHost.SignInAsync(browser, AdminHost.Secret, returnUrl);

        Assert.Equal("/", login.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Guessing_is_locked_out_after_a_few_failures_even_for_the_right_secret()
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();
        for (var i = 0; i < SignInThrottle.PerClient; i++)
        {
            using var wrong = await AdminHost.SignInAsync(browser, $"guess-{i}");
            Assert.Contains("failed=1", wrong.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        using var locked = await AdminHost.SignInAsync(browser, AdminHost.Secret);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(int.Parse(locked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, (int)SignInThrottle.Window.TotalSeconds);
        Assert.DoesNotContain(locked.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("HubWatch.Admin=", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_lockout_ends_with_its_window_and_spread_guessing_locks_everyone()
    {
        var clock = new FakeClock();
        var throttle = new SignInThrottle(clock);
        for (var i = 0; i < SignInThrottle.PerClient; i++)
            throttle.Failed("10.0.0.1");
        Assert.NotNull(throttle.WaitFor("10.0.0.1"));
        Assert.Null(throttle.WaitFor("10.0.0.2"));
        clock.Now += SignInThrottle.Window;
        Assert.Null(throttle.WaitFor("10.0.0.1"));

        for (var i = 0; i < SignInThrottle.InAll; i++)
            throttle.Failed($"10.1.{i / 250}.{i % 250}"); // one guess per address
        Assert.NotNull(throttle.WaitFor("192.0.2.7"));
    }

    private sealed class FakeClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/models/org/name?tab=evidence")]
    [InlineData("/")]
    public async Task Signing_in_returns_to_the_page_it_came_from(string returnUrl)
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();

        using var login = await AdminHost.SignInAsync(browser, AdminHost.Secret, returnUrl);

        Assert.Equal(returnUrl, login.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_admin_session()
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();
        await AdminHost.SignInAsync(browser, AdminHost.Secret);
        var token = await AdminHost.TokenFromAsync(browser, "/jobs");

        using var logout = await browser.PostAsync("/admin/logout", AdminHost.Form(("__RequestVerificationToken", token), ("returnUrl", "/jobs")));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        var anonymousToken = await AdminHost.TokenFromAsync(browser, "/admin/login");
        using var run = await browser.PostAsync("/admin/jobs/Crawl/run", AdminHost.Form(("__RequestVerificationToken", anonymousToken)));
        Assert.Equal(HttpStatusCode.Unauthorized, run.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Behind_a_trusted_TLS_proxy_the_cookie_is_Secure_and_forwarded_headers_from_anyone_else_are_ignored(bool trusted)
    {
        // the test server's requests come from no address; a trusted network of everything stands for "the proxy"
        using var host = trusted ? new AdminHost(_database, settings: [("Proxy:TrustedProxies:0", "0.0.0.0/0"), ("Proxy:TrustedProxies:1", "::/0")]) : new AdminHost(_database);
        using var browser = host.Browser();
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        using var login = await AdminHost.SignInAsync(browser, AdminHost.Secret);

        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("HubWatch.Admin=", StringComparison.Ordinal));
        Assert.Equal(trusted, cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_copy_of_the_cookie_kept_after_sign_out_is_worth_nothing()
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();
        using var login = await AdminHost.SignInAsync(browser, AdminHost.Secret);
        var copied = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("HubWatch.Admin=", StringComparison.Ordinal)).Split(';')[0];
        using var thief = host.Bare();
        Assert.Equal(HttpStatusCode.OK, await RunCrawlWithAsync(thief, copied)); // the copy works while the session lives

        var token = await AdminHost.TokenFromAsync(browser, "/jobs");
        using (var logout = await browser.PostAsync("/admin/logout", AdminHost.Form(("__RequestVerificationToken", token), ("returnUrl", "/jobs"))))
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await RunCrawlWithAsync(thief, copied));
    }

    /// <summary>Loads a page with a form with <paramref name="cookie"/>, then asks for a crawl, as a browser holding that cookie would.</summary>
    private static async Task<HttpStatusCode> RunCrawlWithAsync(HttpClient client, string cookie)
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "/admin/login") { Headers = { { "Cookie", cookie } } };
        using var answer = await client.SendAsync(page);
        var token = AdminHost.TokenIn(await answer.Content.ReadAsStringAsync(), "/admin/login");
        var antiforgery = answer.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)).Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, "/admin/jobs/Crawl/run")
        {
            Headers = { { "Cookie", $"{cookie}; {antiforgery}" } },
            Content = AdminHost.Form(("__RequestVerificationToken", token)),
        };
        using var response = await client.SendAsync(post);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_jobs_page_is_read_only_for_anonymous_visitors()
    {
        using var host = new AdminHost(_database);
        using var browser = host.Browser();

        var html = await browser.GetStringAsync("/jobs");

        Assert.Contains("id=\"job-Crawl\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"jobs-readonly-hint\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"run-Crawl\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_install_generates_its_secret_beside_the_database()
    {
        using var host = new AdminHost(_database, configureSecret: false);
        using var browser = host.Browser();
        await browser.GetStringAsync("/jobs"); // the host has started

        var file = Path.Combine(_database.Folder, AdminSecret.FileName);
        Assert.True(File.Exists(file));
        using var login = await AdminHost.SignInAsync(browser, File.ReadAllText(file).Trim());
        Assert.Equal("/jobs", login.Headers.Location?.OriginalString);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("HubWatch.Admin=", StringComparison.Ordinal));
    }

    private async Task<JobRun> WaitForRunAsync(string job)
    {
        for (var waited = 0; waited < 30_000; waited += 100)
        {
            using var db = _database.CreateDbContext();
            if (db.JobRuns.FirstOrDefault(r => r.JobName == job && r.FinishedAt != null) is { } run)
                return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{job} did not run within 30 s.");
    }
}
