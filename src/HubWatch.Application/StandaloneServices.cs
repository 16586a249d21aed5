using HubWatch.Data;
using HubWatch.Hub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubWatch.Application;

/// <summary>
/// The application's services over one SQLite file, without hosting or jobs: what a CLI verb, the evaluation and the
/// benchmarks run — the same code the dashboard runs, settings validated the same way.
/// </summary>
public static class StandaloneServices
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
        provider.GetRequiredService<IStartupValidator>().Validate();
        await ActivatorUtilities.CreateInstance<DatabaseMigrator>(provider).PrepareAsync(ct);
        return provider;
    }
}
