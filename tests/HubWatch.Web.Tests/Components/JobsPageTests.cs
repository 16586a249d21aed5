using Bunit;
using Bunit.TestDoubles;
using HubWatch.Application.Scheduling;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using HubWatch.Web.Admin;
using HubWatch.Web.Components.Pages;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace HubWatch.Web.Tests.Components;

/// <summary>The jobs page over the real scheduler (its SQLite store, not started) and recorded runs.</summary>
public sealed class JobsPageTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();

    public JobsPageTests()
    {
        var start = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        using var db = _database.CreateDbContext();
        db.JobRuns.AddRange(
            new JobRun { JobName = "Crawl", StartedAt = start, FinishedAt = start.AddSeconds(90), Status = RunStatus.Succeeded, ItemsNew = 7, ItemsUpdated = 2 },
            new JobRun { JobName = "Refresh", StartedAt = start, FinishedAt = start.AddSeconds(1), Status = RunStatus.Failed, Error = "the hub did not answer" },
            new JobRun
            {
                JobName = "Classify",
                StartedAt = start,
                FinishedAt = start.AddSeconds(1),
                Status = RunStatus.Failed,
                Error = "/api/models?cursor=s3cr3t answered 502 Bad Gateway: <html>upstream body</html>",
            });
        db.Models.Add(new HubModel { Id = Poisoned, Sha = "abc" });
        db.ModelFaults.Add(new ModelFault
        {
            ModelId = Poisoned,
            Step = ModelFault.Fingerprint,
            Revision = "abc",
            Failures = 3,
            Reason = "the tree's body ended early",
            FirstFailedAt = start,
            LastFailedAt = start.AddHours(1),
            QuarantinedAt = start.AddHours(1),
        });
        db.SaveChanges();
    }

    private const string Poisoned = "someone/poisoned-model";

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Anonymous_visitors_see_every_job_read_only_with_a_way_to_sign_in()
    {
        await using var host = await HostAsync(context => context.AddAuthorization().SetNotAuthorized());

        var page = host.Context.Render<JobsPage>();

        page.WaitForElement("#job-Crawl");
        Assert.Equal(HubWatchJobs.All.Count, page.FindAll("#jobs-table tbody tr").Count);
        Assert.Equal("scheduled", page.Find("#state-Crawl").TextContent.Trim());
        Assert.Contains("1m30s · succeeded · 7 new, 2 updated", page.Find("#job-Crawl .job-last-run").TextContent, StringComparison.Ordinal);
        Assert.Contains("the hub did not answer", page.Find("#job-Refresh .job-error").TextContent, StringComparison.Ordinal);
        Assert.Equal("/api/models?… answered 502 Bad Gateway", page.Find("#job-Classify .job-error").TextContent.Trim()); // for visitors: no body, no query
        Assert.Equal("never", page.Find("#job-Fingerprint .job-last-run").TextContent.Trim());
        Assert.Contains("/admin/login", page.Find("#jobs-readonly-hint a").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[id^=run-], [id^=pause-], [id^=resume-], [id^=schedule-]"));
        var parked = Assert.Single(page.FindAll("#parked-table .parked-row"));
        Assert.Contains(Poisoned, parked.TextContent, StringComparison.Ordinal);
        Assert.Contains("the tree's body ended early", parked.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/models/{Poisoned}", parked.QuerySelector("a")!.GetAttribute("href"));
        Assert.Empty(page.FindAll("button"));
    }

    [Fact]
    public async Task An_admin_releases_a_parked_model()
    {
        await using var host = await HostAsync(context =>
            context.AddAuthorization().SetAuthorized("admin").SetRoles(AdminAuthentication.Role).SetPolicies(AdminAuthentication.Policy));
        var page = host.Context.Render<JobsPage>();
        page.WaitForElement("#parked-table .release");

        await page.Find("#parked-table .release").ClickAsync(new());

        page.WaitForElement("#parked-none");
        using var db = _database.CreateDbContext();
        Assert.Empty(db.ModelFaults);
    }

    [Fact]
    public async Task Admins_get_the_actions_and_a_pause_shows_at_once()
    {
        await using var host = await HostAsync(context =>
            context.AddAuthorization().SetAuthorized("admin").SetRoles(AdminAuthentication.Role).SetPolicies(AdminAuthentication.Policy));

        var page = host.Context.Render<JobsPage>();

        page.WaitForElement("#run-Crawl");
        Assert.Empty(page.FindAll("#jobs-readonly-hint"));
        Assert.Contains("<html>upstream body</html>", page.Find("#job-Classify .job-error").TextContent, StringComparison.Ordinal); // admins see it whole
        Assert.NotNull(page.Find("#pause-Crawl"));
        Assert.Equal("5m", page.Find("#interval-Crawl").GetAttribute("value"));

        await page.Find("#pause-Refresh").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("paused", page.Find("#state-Refresh").TextContent.Trim()));
        Assert.NotNull(page.Find("#resume-Refresh"));
        var scheduler = await host.App.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.Equal(TriggerState.Paused, await scheduler.GetTriggerState(JobTriggers.KeyOf(HubWatchJobs.Refresh.Key)));
    }

    [Fact]
    public async Task An_open_page_loses_its_admin_buttons_when_the_sign_in_ends()
    {
        BunitAuthorizationContext? auth = null;
        await using var host = await HostAsync(context =>
        {
            auth = context.AddAuthorization();
            auth.SetAuthorized("admin").SetRoles(AdminAuthentication.Role).SetPolicies(AdminAuthentication.Policy);
        });
        var page = host.Context.Render<JobsPage>();
        page.WaitForElement("#run-Crawl");

        // what the revalidation does once the session ended: an anonymous user, whom the admin policy refuses
        auth!.SetPolicies().SetNotAuthorized();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[id^=run-], [id^=pause-], [id^=resume-], [id^=schedule-], .release")));
        Assert.NotNull(page.Find("#jobs-readonly-hint"));
    }

    private async Task<PageHost> HostAsync(Action<BunitContext> signIn)
    {
        var host = new PageHost(_database, more: (services, configuration) => services.AddHubWatchJobs(configuration, _database.ConnectionString), arrange: signIn);
        await host.App.GetRequiredService<JobScheduleSetup>().StartAsync(CancellationToken.None);
        return host;
    }
}
