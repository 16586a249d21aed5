using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>The one repeating trigger each enabled job has, keyed like its job; built the same way at start and by admins.</summary>
public static class JobTriggers
{
    // Kept in the trigger's data (so in the persistent store): an interval an admin chose outlives restarts.
    private const string SetByAdminKey = "hubwatch.intervalSetByAdmin";

    public static TriggerKey KeyOf(JobKey job) => new(job.Name, job.Group);

    public static ITrigger Build(JobKey job, TimeSpan interval, bool setByAdmin, DateTimeOffset firstRun) =>
        TriggerBuilder.Create()
            .ForJob(job)
            .WithIdentity(KeyOf(job))
            .StartAt(firstRun)
            .UsingJobData(SetByAdminKey, setByAdmin ? "true" : "false")
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();

    public static bool IsSetByAdmin(ITrigger trigger) =>
        trigger.JobDataMap.TryGetValue(SetByAdminKey, out var value) && value is "true";

    /// <summary>
    /// Options that replace the stored trigger, paused in the same store operation when it was paused (so the new one
    /// cannot fire in between), keeping the record of who paused it and why.
    /// </summary>
    public static async Task<ScheduleJobOptions> KeepPauseAsync(IScheduler scheduler, TriggerKey key, bool paused, CancellationToken ct)
    {
        if (!paused)
            return new ScheduleJobOptions { Replace = true };
        var pause = await scheduler.GetTriggerPause(key, ct);
        return new ScheduleJobOptions { Replace = true, Paused = true, PauseReason = pause?.Reason, PauseRequestedBy = pause?.RequestedBy };
    }
}
