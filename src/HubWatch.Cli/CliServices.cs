using HubWatch.Application;
using HubWatch.Application.Hubs;
using HubWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Cli;

/// <summary>The application's services for one CLI verb: the same code the dashboard runs, without hosting.</summary>
internal static class CliServices
{
    public static async Task<ServiceProvider> OpenAsync(string databasePath, HubSource hub, CancellationToken ct)
    {
        var connectionString = SqliteDatabase.Resolve($"Data Source={databasePath}", Directory.GetCurrentDirectory());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHubWatchData(connectionString);
        services.AddHubWatchCore(new ConfigurationBuilder().Build(), hub);
        var provider = services.BuildServiceProvider();
        await using var db = await provider.GetRequiredService<IDbContextFactory<HubWatchDbContext>>().CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        return provider;
    }
}
