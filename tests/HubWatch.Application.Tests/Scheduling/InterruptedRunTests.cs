using System.Diagnostics;
using HubWatch.Application.Scheduling;
using HubWatch.Data.Entities;
using HubWatch.Testing;

namespace HubWatch.Application.Tests.Scheduling;

/// <summary>At start, a run left "running" is interrupted only when the process that ran it is gone.</summary>
public sealed class InterruptedRunTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Runs_of_ended_processes_are_marked_and_runs_of_live_or_unknown_ones_are_left()
    {
        var startedAt = DateTime.UtcNow; // after this process started
        int ended;
        using (var process = Process.Start(new ProcessStartInfo("true"))!)
        {
            ended = process.Id;
            await process.WaitForExitAsync();
        }
        using (var db = _database.CreateDbContext())
        {
            Run(db, "dead", RunOwner.Of(Environment.MachineName, ended));
            Run(db, "alive", RunOwner.Current); // this test process, another HubWatch on the same file as far as it knows
            Run(db, "elsewhere", RunOwner.Of("another-machine", 1));
            Run(db, "reused pid", RunOwner.Current, started: startedAt.AddYears(-1)); // before this process started: another one's pid
            Run(db, "before owners", owner: null);
            db.SaveChanges();
        }

        var marked = await new JobRunRecorder(_database, TimeProvider.System).MarkInterruptedAsync(CancellationToken.None);

        Assert.Equal(["before owners", "dead", "reused pid"], marked.Select(r => r.JobName).Order());
        using var check = _database.CreateDbContext();
        Assert.All(check.JobRuns.Where(r => r.Status == RunStatus.Interrupted), r => Assert.NotNull(r.FinishedAt));
        Assert.Equal(["alive", "elsewhere"], check.JobRuns.Where(r => r.Status == RunStatus.Running).Select(r => r.JobName).Order());
        Assert.Contains(RunOwner.Of(Environment.MachineName, ended), check.JobRuns.Single(r => r.JobName == "dead").Error, StringComparison.Ordinal);

        void Run(Data.HubWatchDbContext db, string name, string? owner, DateTime? started = null) =>
            db.JobRuns.Add(new JobRun { JobName = name, Owner = owner, StartedAt = started ?? startedAt, Status = RunStatus.Running });
    }
}
