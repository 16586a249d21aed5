using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace HubWatch.Web.Tests.Admin;

/// <summary>
/// Every change asked of the host's scheduler, recorded as it is asked. The admin endpoints ask the scheduler before
/// they answer, so once a refused request has its answer, an empty record proves nothing was triggered, paused or
/// rescheduled: no waiting for a run that might come.
/// </summary>
internal sealed class SchedulerRequests : ISchedulerListener
{
    private readonly ConcurrentQueue<string> _asked = new();

    public IReadOnlyCollection<string> Asked => _asked;

    public static async Task<SchedulerRequests> AttachAsync(IServiceProvider services)
    {
        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var requests = new SchedulerRequests();
        scheduler.ListenerManager.AddSchedulerListener(requests);
        return requests;
    }

    public ValueTask JobScheduled(IScheduler scheduler, ITrigger trigger, CancellationToken ct = default) => Record($"scheduled {trigger.JobKey}");

    public ValueTask JobUnscheduled(IScheduler scheduler, TriggerKey triggerKey, CancellationToken ct = default) => Record($"unscheduled {triggerKey}");

    public ValueTask TriggerPaused(IScheduler scheduler, TriggerKey triggerKey, CancellationToken ct = default) => Record($"paused {triggerKey}");

    public ValueTask TriggersPaused(IScheduler scheduler, string? triggerGroup, CancellationToken ct = default) => Record($"paused group {triggerGroup}");

    public ValueTask TriggerResumed(IScheduler scheduler, TriggerKey triggerKey, CancellationToken ct = default) => Record($"resumed {triggerKey}");

    public ValueTask TriggersResumed(IScheduler scheduler, string? triggerGroup, CancellationToken ct = default) => Record($"resumed group {triggerGroup}");

    public ValueTask JobAdded(IScheduler scheduler, IJobDetail jobDetail, CancellationToken ct = default) => Record($"added {jobDetail.Key}");

    public ValueTask JobDeleted(IScheduler scheduler, JobKey jobKey, CancellationToken ct = default) => Record($"deleted {jobKey}");

    public ValueTask JobPaused(IScheduler scheduler, JobKey jobKey, CancellationToken ct = default) => Record($"paused {jobKey}");

    public ValueTask JobsPaused(IScheduler scheduler, string? jobGroup, CancellationToken ct = default) => Record($"paused jobs {jobGroup}");

    public ValueTask JobResumed(IScheduler scheduler, JobKey jobKey, CancellationToken ct = default) => Record($"resumed {jobKey}");

    public ValueTask JobsResumed(IScheduler scheduler, string? jobGroup, CancellationToken ct = default) => Record($"resumed jobs {jobGroup}");

    public ValueTask JobInterrupted(IScheduler scheduler, JobKey jobKey, CancellationToken ct = default) => Record($"interrupted {jobKey}");

    // what the scheduler does by itself, not what a request asks of it
    public ValueTask TriggerFinalized(IScheduler scheduler, ITrigger trigger, CancellationToken ct = default) => default;

    public ValueTask TriggerInError(IScheduler scheduler, TriggerKey triggerKey, CancellationToken ct = default) => default;

    public ValueTask TriggersInError(IScheduler scheduler, JobKey jobKey, CancellationToken ct = default) => default;

    public ValueTask SchedulerError(IScheduler scheduler, SchedulerErrorContext error, CancellationToken ct = default) => default;

    public ValueTask SchedulerInStandbyMode(IScheduler scheduler, CancellationToken ct = default) => default;

    public ValueTask SchedulerStarted(IScheduler scheduler, CancellationToken ct = default) => default;

    public ValueTask SchedulerStarting(IScheduler scheduler, CancellationToken ct = default) => default;

    public ValueTask SchedulerShutdown(IScheduler scheduler, CancellationToken ct = default) => default;

    public ValueTask SchedulerShuttingDown(IScheduler scheduler, CancellationToken ct = default) => default;

    public ValueTask SchedulingDataCleared(IScheduler scheduler, CancellationToken ct = default) => default;

    private ValueTask Record(string request)
    {
        _asked.Enqueue(request);
        return default;
    }
}
