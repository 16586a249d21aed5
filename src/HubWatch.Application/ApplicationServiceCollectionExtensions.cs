using HubWatch.Application.Classification;
using HubWatch.Application.Crawling;
using HubWatch.Application.Exports;
using HubWatch.Application.Faults;
using HubWatch.Application.Fingerprinting;
using HubWatch.Application.Hubs;
using HubWatch.Application.Models;
using HubWatch.Application.Scheduling;
using HubWatch.Application.Trends;
using HubWatch.Data;
using HubWatch.Hub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application;

public static class ApplicationServiceCollectionExtensions
{
    public const string ConnectionStringName = "HubWatch";

    /// <summary>
    /// HubWatch's services over its database (migrated at start), watching the hub that configuration names. A host
    /// then adds the embedded demo hub and <see cref="Scheduling.HubWatchJobs.AddHubWatchJobs"/>, in that order:
    /// hosted services start in the order they were added.
    /// </summary>
    /// <param name="contentRoot">Relative paths in configuration (the SQLite file) resolve against it.</param>
    public static IServiceCollection AddHubWatch(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddHubWatchData(ResolveConnectionString(configuration, contentRoot));
        services.AddHostedService<DatabaseMigrator>();
        return services.AddHubWatchCore(configuration, HubSourceFor(configuration));
    }

    /// <summary>The features without hosting, over a database already registered: the web host, the CLI and tests.</summary>
    public static IServiceCollection AddHubWatchCore(this IServiceCollection services, IConfiguration configuration, HubSource source) => services
        .AddHubClient(configuration, source)
        .AddKernels(configuration)
        .AddFaults(configuration)
        .AddCrawling()
        .AddFingerprinting(configuration)
        .AddClassification()
        .AddTrends()
        .AddModelPages()
        .AddExports()
        .AddJobRuns();

    public static string ResolveConnectionString(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set; the default is \"Data Source=data/hubwatch.db\".");
        return SqliteDatabase.Resolve(configured, contentRoot);
    }

    private static HubSource HubSourceFor(IConfiguration configuration)
    {
        var hub = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();
        return string.IsNullOrWhiteSpace(hub.BaseUrl) || !Uri.TryCreate(hub.BaseUrl, UriKind.Absolute, out var uri)
            ? HubSource.Demo() // an invalid URL is reported by HubOptionsValidator at start
            : HubSource.Configured(uri, Environment.GetEnvironmentVariable(HubOptions.TokenVariable));
    }
}
