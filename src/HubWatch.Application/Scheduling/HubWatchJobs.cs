using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>Every scheduled job of HubWatch: the one table that registration, the schedules and the Jobs page read.</summary>
public static class HubWatchJobs
{
    public static readonly JobDefinition Crawl = new("Crawl", typeof(CrawlJob),
        "Reads new models from the hub's newest-first listing.", TimeSpan.FromMinutes(5));

    public static readonly JobDefinition Refresh = new("Refresh", typeof(RefreshJob),
        "Picks up edited, deleted and renamed models.", TimeSpan.FromMinutes(15));

    public static readonly JobDefinition Fingerprint = new("Fingerprint", typeof(FingerprintJob),
        "Samples the weights of newly crawled models.", TimeSpan.FromMinutes(10));

    public static readonly JobDefinition Classify = new("Classify", typeof(ClassifyJob),
        "Judges each model against earlier ones and flags contradicted cards.", TimeSpan.FromHours(1));

    public static IReadOnlyList<JobDefinition> All { get; } = [Crawl, Refresh, Fingerprint, Classify];

    public static JobDefinition? Find(string name) => All.FirstOrDefault(j => j.Name == name);

    /// <summary>The record of every run (JobRuns), which jobs write and the Jobs page reads.</summary>
    public static IServiceCollection AddJobRuns(this IServiceCollection services) => services.AddTransient<JobRunRecorder>();

    /// <param name="connectionString">Absolute SQLite connection string; Quartz keeps its job store in the same file.</param>
    /// <remarks>Triggers are put in place by <see cref="JobScheduleSetup"/> at start, which keeps what admins changed.</remarks>
    public static IServiceCollection AddHubWatchJobs(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        foreach (var job in All)
        {
            services.AddOptions<JobScheduleOptions>(job.Name)
                .Configure(schedule => schedule.Interval = job.DefaultInterval)
                .Bind(configuration.GetSection(job.Section))
                .ValidateOnStart();
        }
        services.AddSingleton<IValidateOptions<JobScheduleOptions>, JobScheduleOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(connectionString);
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
            foreach (var job in All)
                q.AddJob(job.Type, j => j.WithIdentity(job.Key).StoreDurably());
        });
        // hosted services start in order: the triggers are in place before the scheduler starts firing them
        services.AddSingleton<JobScheduleSetup>();
        services.AddHostedService(provider => provider.GetRequiredService<JobScheduleSetup>());
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddHostedService<StopRunningJobs>();
        services.AddTransient<JobControl>();
        return services;
    }
}
