using HubWatch.Application.Scheduling;
using HubWatch.Application.Trends;
using HubWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HubWatch.Application;

/// <summary>
/// Makes the database ready at start, before the demo hub and the jobs start: the schema up to date, the runs a
/// crashed process left "running" marked interrupted, and the monthly figures counted.
/// </summary>
public sealed class DatabaseMigrator(IDbContextFactory<HubWatchDbContext> databases, MonthlyAggregates monthly, JobRunRecorder runs, ILogger<DatabaseMigrator> logger)
    : IHostedService
{
    public async Task PrepareAsync(CancellationToken ct)
    {
        await using (var db = await databases.CreateDbContextAsync(ct))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            await SqliteDatabase.MigrateAsync(db, ct);
            if (pending.Count > 0)
                logger.LogInformation("Applied {Count} migration(s) to {Database}: {Names}", pending.Count, db.Database.GetDbConnection().DataSource, string.Join(", ", pending));
        }

        var interrupted = await runs.MarkInterruptedAsync(ct);
        if (interrupted.Count == 0)
        {
            await monthly.EnsureBuiltAsync(ct);
            return;
        }
        // A killed run never reached the recount of the months it touched, and which months those are is not known
        // any more: count them all again.
        logger.LogWarning("{Count} job run(s) were interrupted when their process ended ({Runs}); counting every month's figures again",
            interrupted.Count, string.Join(", ", interrupted.Select(r => $"{r.JobName} since {r.StartedAt:yyyy-MM-dd HH:mm:ss}")));
        await monthly.RebuildAsync(ct);
    }

    public Task StartAsync(CancellationToken cancellationToken) => PrepareAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
