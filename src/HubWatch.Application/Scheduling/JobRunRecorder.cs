using HubWatch.Data;
using HubWatch.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Application.Scheduling;

/// <summary>Writes each job execution to the JobRuns table: a row when it starts, its outcome when it ends.</summary>
public sealed class JobRunRecorder(IDbContextFactory<HubWatchDbContext> databases, TimeProvider clock)
{
    public async Task<long> StartAsync(string jobName, CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var run = new JobRun { JobName = jobName, StartedAt = clock.GetUtcNow().UtcDateTime, Status = RunStatus.Running, Owner = RunOwner.Current };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(ct);
        return run.Id;
    }

    /// <summary>Records the outcome even when the job was cancelled: the row must not stay "Running" forever.</summary>
    public async Task FinishAsync(long runId, Action<JobRun> outcome)
    {
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        var run = await db.JobRuns.SingleAsync(r => r.Id == runId, CancellationToken.None);
        outcome(run);
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>
    /// At start: marks the runs left <see cref="RunStatus.Running"/> by a process that is gone (killed, crashed,
    /// powered off) as <see cref="RunStatus.Interrupted"/>, finished now. Runs of a live process are left alone.
    /// </summary>
    /// <returns>The runs marked.</returns>
    public async Task<IReadOnlyList<JobRun>> MarkInterruptedAsync(CancellationToken ct)
    {
        await using var db = await databases.CreateDbContextAsync(ct);
        var running = await db.JobRuns.Where(r => r.Status == RunStatus.Running).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var gone = running.Where(r => RunOwner.IsGone(r.Owner, r.StartedAt)).ToList();
        foreach (var run in gone)
        {
            (run.Status, run.FinishedAt) = (RunStatus.Interrupted, now);
            run.Error = $"Interrupted: the process running it ({run.Owner ?? "unknown"}) ended before the run did; found at the next start, {now:yyyy-MM-dd HH:mm:ss} UTC.";
        }
        await db.SaveChangesAsync(ct);
        return gone;
    }
}
