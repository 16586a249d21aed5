using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>
/// On shutdown (SIGTERM, Ctrl+C), cancels the jobs that are running, so they finish their current transaction and
/// return within seconds; Quartz then waits for them (<c>WaitForJobsToComplete</c>) and the process exits. Without
/// it Quartz waits for a fingerprint run to end on its own, which can take an hour, and the host's shutdown timeout
/// cuts it off mid-write. Registered after Quartz's hosted service, so it stops first.
/// </summary>
internal sealed class StopRunningJobs(ISchedulerFactory schedulers, ILogger<StopRunningJobs> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var job in HubWatchJobs.All)
        {
            if (await scheduler.Interrupt(job.Key, cancellationToken))
                logger.LogInformation("Stopping {Job}: HubWatch is shutting down", job.Name);
        }
    }
}
