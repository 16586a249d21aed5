using HubWatch.Data.Entities;

namespace HubWatch.Application.Scheduling;

public enum JobState
{
    Scheduled,
    Paused,
    Running,

    /// <summary>No schedule: <c>Jobs:&lt;Name&gt;:Enabled</c> is false. It still runs when triggered.</summary>
    Disabled,
}

/// <summary>One job as the jobs page shows it: its schedule from Quartz, its recent runs from the JobRuns table.</summary>
public sealed record JobStatus(
    string Name,
    string Description,
    JobState State,
    bool IsPaused,
    TimeSpan? Interval,
    TimeSpan ConfiguredInterval,
    bool IntervalSetByAdmin,
    DateTimeOffset? NextRun,
    IReadOnlyList<JobRunSummary> RecentRuns)
{
    public JobRunSummary? LastRun => RecentRuns.Count > 0 ? RecentRuns[0] : null;
}

public sealed record JobRunSummary(DateTime StartedAt, DateTime? FinishedAt, RunStatus Status, int New, int Updated, int Failed, string? Detail, string? Error)
{
    public TimeSpan? Duration => FinishedAt - StartedAt;

    public static JobRunSummary From(JobRun run) =>
        new(run.StartedAt, run.FinishedAt, run.Status, run.ItemsNew, run.ItemsUpdated, run.ItemsFailed, run.Detail, run.Error);
}

public enum JobActionOutcome
{
    Done,
    Refused,
    UnknownJob,
}

/// <summary>What an admin action did, in a sentence the page and the API show as they are.</summary>
public sealed record JobActionResult(JobActionOutcome Outcome, string Message)
{
    public bool Succeeded => Outcome == JobActionOutcome.Done;

    public static JobActionResult Done(string message) => new(JobActionOutcome.Done, message);

    public static JobActionResult Refused(string message) => new(JobActionOutcome.Refused, message);

    public static JobActionResult Unknown(string name) => new(JobActionOutcome.UnknownJob, $"There is no job named '{name}'.");
}
