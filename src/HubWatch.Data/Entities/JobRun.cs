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
}

public enum RunStatus
{
    Running,
    Succeeded,
    Failed,
}
