using HubWatch.Application;
using HubWatch.Application.Hubs;
using HubWatch.Application.Trends;
using HubWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Cli;

/// <summary>The application's services for one CLI verb: the same code the dashboard runs, without hosting.</summary>
internal static class CliServices
{
    /// <param name="settings">Configuration keys as in appsettings.json (e.g. Hub:MaxPagesPerRun).</param>
    public static async Task<ServiceProvider> OpenAsync(string databasePath, HubSource hub, CancellationToken ct, IDictionary<string, string?>? settings = null)
    {
        var connectionString = SqliteDatabase.Resolve($"Data Source={databasePath}", Directory.GetCurrentDirectory());
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHubWatchData(connectionString);
        services.AddHubWatchCore(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build(), hub);
        var provider = services.BuildServiceProvider();
        await using var db = await provider.GetRequiredService<IDbContextFactory<HubWatchDbContext>>().CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await provider.GetRequiredService<MonthlyAggregates>().EnsureBuiltAsync(ct);
        return provider;
    }
}
