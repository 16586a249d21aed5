using HubWatch.Application.Scheduling;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace HubWatch.Application.Tests.Scheduling;

/// <summary>The admin actions on the real scheduler with its persistent SQLite store, restarts included.</summary>
public sealed class JobControlTests : IDisposable
{
    private static readonly Dictionary<string, string?> AllDisabled = new()
    {
        ["Jobs:Crawl:Enabled"] = "false",
        ["Jobs:Refresh:Enabled"] = "false",
        ["Jobs:Fingerprint:Enabled"] = "false",
        ["Jobs:Classify:Enabled"] = "false",
    };

    private readonly TestDatabase _database = TestDatabase.CreateMigrated();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Lists_every_job_with_its_schedule_and_its_latest_runs_first()
    {
        var start = new DateTime(2026, 1, 2, 3, 0, 0, DateTimeKind.Utc);
        using (var db = _database.CreateDbContext())
        {
            db.JobRuns.AddRange(
                new JobRun { JobName = "Crawl", StartedAt = start, FinishedAt = start.AddSeconds(5), Status = RunStatus.Succeeded, ItemsNew = 1 },
                new JobRun { JobName = "Crawl", StartedAt = start.AddHours(1), FinishedAt = start.AddHours(1).AddSeconds(90), Status = RunStatus.Succeeded, ItemsNew = 7, ItemsUpdated = 2 },
                new JobRun { JobName = "Refresh", StartedAt = start, FinishedAt = start.AddSeconds(1), Status = RunStatus.Failed, Error = "hub down" });
            db.SaveChanges();
        }
        await using var app = await StartAsync(new() { ["Jobs:Crawl:Interval"] = "00:07:00", ["Jobs:Classify:Enabled"] = "false" });

        var jobs = await app.Control.ListAsync(CancellationToken.None);

        Assert.Equal(HubWatchJobs.All.Select(j => j.Key.Name), jobs.Select(j => j.Name));
        var crawl = jobs.Single(j => j.Name == "Crawl");
        Assert.Equal((JobState.Scheduled, TimeSpan.FromMinutes(7), false), (crawl.State, crawl.Interval, crawl.IntervalSetByAdmin));
        Assert.NotNull(crawl.NextRun);
        Assert.False(string.IsNullOrEmpty(crawl.Description));
        Assert.Equal([7, 1], crawl.RecentRuns.Select(r => r.New));
        Assert.Equal(TimeSpan.FromSeconds(90), crawl.LastRun!.Duration);
        Assert.Equal((RunStatus.Failed, "hub down"), (jobs.Single(j => j.Name == "Refresh").LastRun!.Status, jobs.Single(j => j.Name == "Refresh").LastRun!.Error));
        var classify = jobs.Single(j => j.Name == "Classify");
        Assert.Equal((JobState.Disabled, (TimeSpan?)null, (DateTimeOffset?)null), (classify.State, classify.Interval, classify.NextRun));
        Assert.Empty(classify.RecentRuns);
    }

    [Fact]
    public async Task Pause_stops_the_schedule_and_resume_restarts_it()
    {
        await using var app = await StartAsync([]);

        Assert.True((await app.Control.PauseAsync("Refresh", CancellationToken.None)).Succeeded);
        var paused = await StatusAsync(app, "Refresh");
        Assert.Equal((JobState.Paused, true, (DateTimeOffset?)null), (paused.State, paused.IsPaused, paused.NextRun));
        var pause = await (await app.SchedulerAsync()).GetTriggerPause(JobTriggers.KeyOf(HubWatchJobs.Refresh.Key));
        Assert.Equal(JobControl.PausedBy, pause?.RequestedBy);

        Assert.True((await app.Control.ResumeAsync("Refresh", CancellationToken.None)).Succeeded);
        var resumed = await StatusAsync(app, "Refresh");
        Assert.Equal((JobState.Scheduled, false), (resumed.State, resumed.IsPaused));
        Assert.NotNull(resumed.NextRun);
    }

    [Theory]
    [InlineData(59)]
    [InlineData(7 * 24 * 3600 + 1)]
    public async Task An_interval_outside_one_minute_to_seven_days_is_refused_and_changes_nothing(int seconds)
    {
        await using var app = await StartAsync([]);

        var result = await app.Control.ChangeIntervalAsync("Crawl", TimeSpan.FromSeconds(seconds), CancellationToken.None);

        Assert.Equal(JobActionOutcome.Refused, result.Outcome);
        Assert.Contains("between 1m and 7d", result.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(5), (await StatusAsync(app, "Crawl")).Interval);
    }

    [Fact]
    public async Task Unknown_and_disabled_jobs_are_refused_with_a_reason()
    {
        await using var app = await StartAsync(new() { ["Jobs:Classify:Enabled"] = "false" });

        Assert.Equal(JobActionOutcome.UnknownJob, (await app.Control.RunNowAsync("Nope", CancellationToken.None)).Outcome);
        Assert.Equal(JobActionOutcome.UnknownJob, (await app.Control.PauseAsync("crawl", CancellationToken.None)).Outcome);
        var refused = await app.Control.ChangeIntervalAsync("Classify", TimeSpan.FromHours(2), CancellationToken.None);
        Assert.Equal(JobActionOutcome.Refused, refused.Outcome);
        Assert.Contains("Jobs:Classify:Enabled", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_interval_starts_one_interval_from_now_and_a_paused_job_stays_paused()
    {
        await using var app = await StartAsync([]);
        await app.Control.PauseAsync("Fingerprint", CancellationToken.None);

        var before = DateTimeOffset.UtcNow;
        Assert.True((await app.Control.ChangeIntervalAsync("Crawl", TimeSpan.FromHours(2), CancellationToken.None)).Succeeded);
        Assert.True((await app.Control.ChangeIntervalAsync("Fingerprint", TimeSpan.FromMinutes(30), CancellationToken.None)).Succeeded);

        var crawl = await StatusAsync(app, "Crawl");
        Assert.Equal((TimeSpan.FromHours(2), true, JobState.Scheduled), (crawl.Interval, crawl.IntervalSetByAdmin, crawl.State));
        Assert.InRange(crawl.NextRun!.Value, before.AddHours(2).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(2).AddSeconds(1));
        var fingerprint = await StatusAsync(app, "Fingerprint");
        Assert.Equal((TimeSpan.FromMinutes(30), JobState.Paused), (fingerprint.Interval, fingerprint.State));
        Assert.Equal(JobControl.PausedBy, (await (await app.SchedulerAsync()).GetTriggerPause(JobTriggers.KeyOf(HubWatchJobs.Fingerprint.Key)))?.RequestedBy);
    }

    [Fact]
    public async Task Admin_intervals_and_pauses_survive_a_restart_while_configuration_changes_apply_elsewhere()
    {
        await using (var first = await StartAsync([]))
        {
            await first.Control.ChangeIntervalAsync("Crawl", TimeSpan.FromHours(2), CancellationToken.None);
            await first.Control.PauseAsync("Refresh", CancellationToken.None);
        }

        await using var second = await StartAsync(new() { ["Jobs:Crawl:Interval"] = "00:07:00", ["Jobs:Fingerprint:Interval"] = "00:20:00" });

        var jobs = (await second.Control.ListAsync(CancellationToken.None)).ToDictionary(j => j.Name);
        Assert.Equal((TimeSpan.FromHours(2), true, TimeSpan.FromMinutes(7)), (jobs["Crawl"].Interval, jobs["Crawl"].IntervalSetByAdmin, jobs["Crawl"].ConfiguredInterval));
        Assert.Equal(JobState.Paused, jobs["Refresh"].State);
        Assert.Equal((TimeSpan.FromMinutes(20), JobState.Scheduled), (jobs["Fingerprint"].Interval, jobs["Fingerprint"].State));
    }

    [Fact]
    public async Task Setting_the_configured_interval_again_hands_the_schedule_back_to_configuration()
    {
        await using (var first = await StartAsync([]))
        {
            await first.Control.ChangeIntervalAsync("Crawl", TimeSpan.FromHours(2), CancellationToken.None);
            var back = await first.Control.ChangeIntervalAsync("Crawl", TimeSpan.FromMinutes(5), CancellationToken.None);
            Assert.Contains("as configured", back.Message, StringComparison.Ordinal);
        }

        await using var second = await StartAsync(new() { ["Jobs:Crawl:Interval"] = "00:07:00" });

        var crawl = await StatusAsync(second, "Crawl");
        Assert.Equal((TimeSpan.FromMinutes(7), false), (crawl.Interval, crawl.IntervalSetByAdmin));
    }

    [Fact]
    public async Task A_job_disabled_in_configuration_loses_its_stored_trigger_at_the_next_start()
    {
        await using (var first = await StartAsync([]))
            Assert.Equal(JobState.Scheduled, (await StatusAsync(first, "Classify")).State);

        await using var second = await StartAsync(new() { ["Jobs:Classify:Enabled"] = "false" });

        Assert.Equal(JobState.Disabled, (await StatusAsync(second, "Classify")).State);
    }

    [Fact]
    public async Task Run_now_runs_the_job_once_and_a_second_click_before_it_ran_is_refused()
    {
        await using var app = await StartAsync(AllDisabled);

        Assert.True((await app.Control.RunNowAsync("Crawl", CancellationToken.None)).Succeeded);
        var again = await app.Control.RunNowAsync("Crawl", CancellationToken.None);
        Assert.Equal(JobActionOutcome.Refused, again.Outcome);

        await (await app.SchedulerAsync()).Start();
        var run = await WaitForRunAsync(_database, "Crawl");
        Assert.Equal(RunStatus.Failed, run.Status); // the hub does not answer; what matters is that it ran, once
        using var db = _database.CreateDbContext();
        Assert.Equal(1, db.JobRuns.Count());
    }

    internal static async Task<JobRun> WaitForRunAsync(TestDatabase database, string job)
    {
        for (var waited = 0; waited < 30_000; waited += 100)
        {
            using var db = database.CreateDbContext();
            if (db.JobRuns.FirstOrDefault(r => r.JobName == job && r.FinishedAt != null) is { } run)
                return run;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{job} did not run within 30 s.");
    }

    private static async Task<JobStatus> StatusAsync(App app, string job) =>
        (await app.Control.ListAsync(CancellationToken.None)).Single(j => j.Name == job);

    /// <summary>What the host does at start: the services, the jobs, their triggers; the scheduler is not started.</summary>
    private async Task<App> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Hub:Http:Retry:MaxAttempts"] = "1";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHubWatchData(_database.ConnectionString);
        services.AddHubWatchCore(configuration, HubSource.Configured(new Uri("http://127.0.0.1:9/")));
        services.AddHubWatchJobs(configuration, _database.ConnectionString);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<JobScheduleSetup>().StartAsync(CancellationToken.None);
        return new App(provider);
    }

    private sealed class App(ServiceProvider provider) : IAsyncDisposable
    {
        public JobControl Control { get; } = provider.GetRequiredService<JobControl>();

        public async Task<IScheduler> SchedulerAsync() => await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();

        public async ValueTask DisposeAsync()
        {
            await (await SchedulerAsync()).Shutdown(true);
            await provider.DisposeAsync();
        }
    }
}
