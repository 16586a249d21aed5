using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>Every scheduled job of HubWatch, registered in this one place with its schedule from configuration.</summary>
public static class HubWatchJobs
{
    /// <summary>The jobs and the configuration section (under <c>Jobs</c>) each one's schedule comes from.</summary>
    public static IReadOnlyList<(JobKey Key, string Section)> All { get; } =
        [(CrawlJob.Key, CrawlJob.JobName), (RefreshJob.Key, RefreshJob.JobName), (FingerprintJob.Key, FingerprintJob.JobName), (ClassifyJob.Key, ClassifyJob.JobName)];

    /// <param name="connectionString">Absolute SQLite connection string; Quartz keeps its job store in the same file.</param>
    /// <remarks>Triggers are put in place by <see cref="JobScheduleSetup"/> at start, which keeps what admins changed.</remarks>
    public static IServiceCollection AddHubWatchJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var schedules = All.ToDictionary(job => job.Section, job => ReadSchedule(configuration, job.Section));
        services.AddSingleton(new ConfiguredJobSchedules(schedules));
        services.TryAddSingleton(TimeProvider.System);
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(connectionString);
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            Store<CrawlJob>(q, CrawlJob.Key);
            Store<RefreshJob>(q, RefreshJob.Key);
            Store<FingerprintJob>(q, FingerprintJob.Key);
            Store<ClassifyJob>(q, ClassifyJob.Key);
        });
        // hosted services start in order: the triggers are in place before the scheduler starts firing them
        services.AddSingleton<JobScheduleSetup>();
        services.AddHostedService(provider => provider.GetRequiredService<JobScheduleSetup>());
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddTransient<JobControl>();
        return services;
    }

    public static JobScheduleOptions ReadSchedule(IConfiguration configuration, string section)
    {
        var schedule = configuration.GetSection($"{JobScheduleOptions.Section}:{section}").Get<JobScheduleOptions>() ?? new JobScheduleOptions();
        var errors = schedule.Validate(section).ToList();
        return errors.Count == 0 ? schedule : throw new InvalidOperationException(string.Join(" ", errors));
    }

    private static void Store<TJob>(IQuartzBuilder q, JobKey key) where TJob : class, IJob =>
        q.AddJob<TJob>(job => job.WithIdentity(key).StoreDurably());
}
