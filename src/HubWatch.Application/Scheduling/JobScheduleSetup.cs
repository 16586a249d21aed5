using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>
/// Puts each job's trigger in place before the scheduler starts. The job store persists, so a trigger may be there
/// from the last run; the rules at each start:
/// <list type="bullet">
/// <item>a job disabled in configuration loses its trigger (it still runs when triggered by hand or by another job);</item>
/// <item>an enabled job runs now, then every interval: the one an admin chose if any, else the configured one;</item>
/// <item>a job an admin paused stays paused, with the record of who paused it.</item>
/// </list>
/// </summary>
public sealed class JobScheduleSetup(ISchedulerFactory schedulers, IOptionsMonitor<JobScheduleOptions> configured, TimeProvider clock, ILogger<JobScheduleSetup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var job in HubWatchJobs.All)
            await ApplyAsync(scheduler, job.Key, configured.Get(job.Name), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ApplyAsync(IScheduler scheduler, JobKey job, JobScheduleOptions schedule, CancellationToken ct)
    {
        var key = JobTriggers.KeyOf(job);
        var stored = await scheduler.GetTrigger(key, ct);
        if (!schedule.Enabled)
        {
            if (stored is not null)
                await scheduler.UnscheduleJob(key, ct);
            return;
        }

        TimeSpan? chosen = stored is ISimpleTrigger simple && JobTriggers.IsSetByAdmin(simple) ? simple.RepeatInterval : null;
        var paused = stored is not null && await scheduler.GetTriggerState(key, ct) == TriggerState.Paused;
        var trigger = JobTriggers.Build(job, chosen ?? schedule.Interval, chosen is not null, clock.GetUtcNow());
        await scheduler.ScheduleJob(trigger, await JobTriggers.KeepPauseAsync(scheduler, key, paused, ct), ct);
        if (chosen is not null || paused)
            logger.LogInformation("{Job} runs every {Interval}{SetBy}{Paused}", job.Name, JobInterval.Format(chosen ?? schedule.Interval),
                chosen is not null ? " (set by an admin)" : "", paused ? ", paused" : "");
    }
}
