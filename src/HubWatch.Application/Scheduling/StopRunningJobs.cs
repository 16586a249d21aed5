using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>
/// On shutdown (SIGTERM, Ctrl+C), cancels the jobs that are running, so they finish their current transaction and
/// return within seconds; Quartz then waits for them (<c>WaitForJobsToComplete</c>) and the process exits. Without
/// it Quartz waits for a fingerprint run to end on its own, which can take an hour, and the host's shutdown timeout
/// cuts it off mid-write. It acts in <see cref="StoppingAsync"/>, before any hosted service (Quartz's) stops.
/// </summary>
internal sealed class StopRunningJobs(ISchedulerFactory schedulers, ILogger<StopRunningJobs> logger) : IHostedLifecycleService
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken) => _scheduler = await schedulers.GetScheduler(cancellationToken);

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is not { Status: SchedulerStatus.Running or SchedulerStatus.Standby } scheduler)
            return;
        foreach (var job in HubWatchJobs.All)
        {
            if (await scheduler.Interrupt(job.Key, cancellationToken))
                logger.LogInformation("Stopping {Job}: HubWatch is shutting down", job.Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
