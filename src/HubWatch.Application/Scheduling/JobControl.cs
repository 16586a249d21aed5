using HubWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>
/// The jobs as Quartz and the JobRuns table know them, and the admin actions on them. Authorisation is the caller's
/// business: the web host lets only signed-in admins reach the actions.
/// </summary>
public sealed class JobControl(ISchedulerFactory schedulers, IOptionsMonitor<JobScheduleOptions> configured, IDbContextFactory<HubWatchDbContext> databases, TimeProvider clock)
{
    public const int RecentRuns = 5;
    public const string PausedBy = "admin";

    public async Task<IReadOnlyList<JobStatus>> ListAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        await using var db = await databases.CreateDbContextAsync(ct);
        var jobs = new List<JobStatus>();
        foreach (var definition in HubWatchJobs.All)
        {
            var job = definition.Key;
            var schedule = await scheduler.GetTrigger(JobTriggers.KeyOf(job), ct) as ISimpleTrigger;
            var paused = schedule is not null && await scheduler.GetTriggerState(schedule.Key, ct) == TriggerState.Paused;
            var state = await IsRunningAsync(scheduler, job, ct) ? JobState.Running
                : schedule is null ? JobState.Disabled
                : paused ? JobState.Paused
                : JobState.Scheduled;
            var runs = await db.JobRuns.AsNoTracking()
                .Where(r => r.JobName == job.Name)
                .OrderByDescending(r => r.StartedAt)
                .Take(RecentRuns)
                .ToListAsync(ct);
            jobs.Add(new JobStatus(job.Name, definition.Description, state, paused, schedule?.RepeatInterval, configured.Get(job.Name).Interval,
                schedule is not null && JobTriggers.IsSetByAdmin(schedule), await NextRunAsync(scheduler, job, ct), [.. runs.Select(JobRunSummary.From)]));
        }
        return jobs;
    }

    /// <summary>Starts a run now, unless one is running or due already (repeated clicks must not queue up runs).</summary>
    public Task<JobActionResult> RunNowAsync(string name, CancellationToken ct) => WithJobAsync(name, ct, async (scheduler, job) =>
    {
        if (await IsRunningAsync(scheduler, job, ct))
            return JobActionResult.Refused($"{job.Name} is running already.");
        var schedule = JobTriggers.KeyOf(job);
        if ((await scheduler.GetTriggersOfJob(job, ct)).Any(t => !t.Key.Equals(schedule)))
            return JobActionResult.Refused($"{job.Name} is about to run already.");
        await scheduler.TriggerJob(job, ct);
        return JobActionResult.Done($"{job.Name} started.");
    });

    public Task<JobActionResult> PauseAsync(string name, CancellationToken ct) => WithScheduleAsync(name, ct, async (scheduler, schedule) =>
    {
        await scheduler.PauseTriggerWith(schedule.Key, new PauseDetails { Reason = "paused on the jobs page", RequestedBy = PausedBy }, ct);
        return JobActionResult.Done($"{schedule.JobKey.Name} paused: no scheduled runs until it is resumed.");
    });

    public Task<JobActionResult> ResumeAsync(string name, CancellationToken ct) => WithScheduleAsync(name, ct, async (scheduler, schedule) =>
    {
        await scheduler.ResumeTrigger(schedule.Key, ct);
        return JobActionResult.Done($"{schedule.JobKey.Name} resumed.");
    });

    /// <summary>
    /// Runs the job every <paramref name="interval"/>, the next run one interval from now; a paused job stays paused.
    /// The interval outlives restarts; setting the configured one again hands the schedule back to configuration.
    /// </summary>
    public Task<JobActionResult> ChangeIntervalAsync(string name, TimeSpan interval, CancellationToken ct) => WithScheduleAsync(name, ct, async (scheduler, schedule) =>
    {
        if (JobInterval.Validate(interval) is { } error)
            return JobActionResult.Refused(error);
        var job = schedule.JobKey;
        var setByAdmin = interval != configured.Get(job.Name).Interval;
        var paused = await scheduler.GetTriggerState(schedule.Key, ct) == TriggerState.Paused;
        var trigger = JobTriggers.Build(job, interval, setByAdmin, clock.GetUtcNow() + interval);
        await scheduler.ScheduleJob(trigger, await JobTriggers.KeepPauseAsync(scheduler, schedule.Key, paused, ct), ct);
        return JobActionResult.Done($"{job.Name} now runs every {JobInterval.Format(interval)}{(setByAdmin ? "" : ", as configured")}.");
    });

    private async Task<JobActionResult> WithJobAsync(string name, CancellationToken ct, Func<IScheduler, JobKey, Task<JobActionResult>> action)
    {
        if (HubWatchJobs.Find(name) is not { } job)
            return JobActionResult.Unknown(name);
        return await action(await schedulers.GetScheduler(ct), job.Key);
    }

    private Task<JobActionResult> WithScheduleAsync(string name, CancellationToken ct, Func<IScheduler, ITrigger, Task<JobActionResult>> action) =>
        WithJobAsync(name, ct, async (scheduler, job) => await scheduler.GetTrigger(JobTriggers.KeyOf(job), ct) is { } schedule
            ? await action(scheduler, schedule)
            : JobActionResult.Refused($"{job.Name} has no schedule: Jobs:{job.Name}:Enabled is false in the configuration."));

    private static async Task<bool> IsRunningAsync(IScheduler scheduler, JobKey job, CancellationToken ct) =>
        (await scheduler.QueryFireInstances(new FireInstanceQuery { Job = job }, ct)).Items.Count > 0;

    private static async Task<DateTimeOffset?> NextRunAsync(IScheduler scheduler, JobKey job, CancellationToken ct)
    {
        DateTimeOffset? next = null;
        foreach (var trigger in await scheduler.GetTriggersOfJob(job, ct))
        {
            if (await scheduler.GetTriggerState(trigger.Key, ct) != TriggerState.Paused && trigger.NextFireTimeUtc is { } time && (next is null || time < next))
                next = time;
        }
        return next;
    }
}
