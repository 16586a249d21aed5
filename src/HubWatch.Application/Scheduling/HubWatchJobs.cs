using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>Every scheduled job of HubWatch, registered in this one place with its schedule from configuration.</summary>
public static class HubWatchJobs
{
    /// <summary>The jobs and the configuration section (under <c>Jobs</c>) each one's schedule comes from.</summary>
    public static IReadOnlyList<(JobKey Key, string Section)> All { get; } =
        [(CrawlJob.Key, CrawlJob.JobName), (RefreshJob.Key, RefreshJob.JobName), (FingerprintJob.Key, FingerprintJob.JobName), (ClassifyJob.Key, ClassifyJob.JobName)];

    /// <param name="connectionString">Absolute SQLite connection string; Quartz keeps its job store in the same file.</param>
    public static IServiceCollection AddHubWatchJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var schedules = All.ToDictionary(job => job.Section, job => ReadSchedule(configuration, job.Section));
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(connectionString);
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            Schedule<CrawlJob>(q, CrawlJob.Key, schedules[CrawlJob.JobName]);
            Schedule<RefreshJob>(q, RefreshJob.Key, schedules[RefreshJob.JobName]);
            Schedule<FingerprintJob>(q, FingerprintJob.Key, schedules[FingerprintJob.JobName]);
            Schedule<ClassifyJob>(q, ClassifyJob.Key, schedules[ClassifyJob.JobName]);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    public static JobScheduleOptions ReadSchedule(IConfiguration configuration, string section)
    {
        var schedule = configuration.GetSection($"{JobScheduleOptions.Section}:{section}").Get<JobScheduleOptions>() ?? new JobScheduleOptions();
        var errors = schedule.Validate(section).ToList();
        return errors.Count == 0 ? schedule : throw new InvalidOperationException(string.Join(" ", errors));
    }

    private static void Schedule<TJob>(IQuartzBuilder q, JobKey key, JobScheduleOptions schedule) where TJob : class, IJob
    {
        q.AddJob<TJob>(job => job.WithIdentity(key).StoreDurably());
        if (!schedule.Enabled)
            return;
        q.AddTrigger(trigger => trigger
            .ForJob(key)
            .WithIdentity(key.Name, key.Group)
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(schedule.Interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }
}
