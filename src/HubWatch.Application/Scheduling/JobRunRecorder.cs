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
        var run = new JobRun { JobName = jobName, StartedAt = clock.GetUtcNow().UtcDateTime, Status = RunStatus.Running };
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
}
