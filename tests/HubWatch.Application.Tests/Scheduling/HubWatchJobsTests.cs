using HubWatch.Application.Scheduling;
using HubWatch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace HubWatch.Application.Tests.Scheduling;

/// <summary>Job registration on a bare ServiceCollection, with the real persistent SQLite job store.</summary>
public sealed class HubWatchJobsTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateEmpty();

    public void Dispose() => _database.Dispose();

    private async Task<IScheduler> SchedulerAsync(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHubWatchJobs(configuration, _database.ConnectionString);
        var provider = services.BuildServiceProvider();
        // what the host does before it starts the scheduler: put the triggers in place
        await provider.GetRequiredService<JobScheduleSetup>().StartAsync(CancellationToken.None);
        return await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
    }

    [Fact]
    public async Task Every_job_has_a_trigger_with_its_configured_interval()
    {
        var scheduler = await SchedulerAsync(new() { ["Jobs:Crawl:Interval"] = "00:07:00" });
        try
        {
            Assert.NotEmpty(HubWatchJobs.All);
            foreach (var job in HubWatchJobs.All)
            {
                Assert.NotNull(await scheduler.GetJobDetail(job.Key));
                var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(Assert.Single(await scheduler.GetTriggersOfJob(job.Key)));
                Assert.Equal(job == HubWatchJobs.Crawl ? TimeSpan.FromMinutes(7) : job.DefaultInterval, trigger.RepeatInterval);
            }
            // nothing registered outside the one list
            var stored = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup());
            Assert.Equal(HubWatchJobs.All.Select(j => j.Key).ToHashSet(), stored.ToHashSet());
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Fact]
    public async Task A_disabled_job_is_stored_without_a_trigger()
    {
        var scheduler = await SchedulerAsync(new() { ["Jobs:Crawl:Enabled"] = "false" });
        try
        {
            Assert.NotNull(await scheduler.GetJobDetail(HubWatchJobs.Crawl.Key));
            Assert.Empty(await scheduler.GetTriggersOfJob(HubWatchJobs.Crawl.Key));
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }

    [Fact]
    public void A_too_short_interval_is_refused_at_start_with_the_key_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Crawl:Interval"] = "00:00:01" }).Build();
        using var provider = new ServiceCollection().AddLogging().AddHubWatchJobs(configuration, _database.ConnectionString).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Jobs:Crawl:Interval", error.Message, StringComparison.Ordinal);
    }
}
