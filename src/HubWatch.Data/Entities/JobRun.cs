namespace HubWatch.Data.Entities;

/// <summary>One execution of a scheduled job, for the jobs page and for post-mortems.</summary>
public sealed class JobRun
{
    public long Id { get; set; }
    public required string JobName { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public RunStatus Status { get; set; }
    public int ItemsNew { get; set; }
    public int ItemsUpdated { get; set; }
    public int ItemsFailed { get; set; }
    public int Requests { get; set; }
    public long Bytes { get; set; }

    /// <summary>What else the run did, in words ("3 deleted, 1 renamed").</summary>
    public string? Detail { get; set; }
    public string? Error { get; set; }

    /// <summary>
    /// The process that runs it, as <c>machine/pid</c>: at start a <see cref="RunStatus.Running"/> run whose process
    /// is gone was interrupted (a kill -9, a power cut); one whose process still runs belongs to another HubWatch.
    /// </summary>
    public string? Owner { get; set; }
}

public enum RunStatus
{
    Running,
    Succeeded,
    Failed,

    /// <summary>Its process ended before the run did (found at the next start).</summary>
    Interrupted,
}
