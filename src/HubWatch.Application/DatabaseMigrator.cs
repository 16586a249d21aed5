using HubWatch.Application.Trends;
using HubWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HubWatch.Application;

/// <summary>Brings the database schema up to date at start, before the demo hub and the jobs start.</summary>
internal sealed class DatabaseMigrator(IDbContextFactory<HubWatchDbContext> databases, MonthlyAggregates monthly, ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await SqliteDatabase.MigrateAsync(db, cancellationToken);
        if (pending.Count > 0)
            logger.LogInformation("Applied {Count} migration(s) to {Database}: {Names}", pending.Count, db.Database.GetDbConnection().DataSource, string.Join(", ", pending));
        await monthly.EnsureBuiltAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
