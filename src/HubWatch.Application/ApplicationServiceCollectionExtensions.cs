using System.Net.Http.Headers;
using HubWatch.Application.Classification;
using HubWatch.Application.Crawling;
using HubWatch.Application.Exports;
using HubWatch.Application.Fingerprinting;
using HubWatch.Application.Hubs;
using HubWatch.Application.Models;
using HubWatch.Application.Overview;
using HubWatch.Application.Scheduling;
using HubWatch.Application.Trends;
using HubWatch.Data;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;
using HubWatch.Kernels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubWatch.Application;

public static class ApplicationServiceCollectionExtensions
{
    public const string ConnectionStringName = "HubWatch";
    public const string HttpSection = "Hub:Http";

    /// <summary>HubWatch's services, its database, the hub it watches and its scheduled jobs.</summary>
    /// <param name="contentRoot">Relative paths in configuration (the SQLite file) resolve against it.</param>
    public static IServiceCollection AddHubWatch(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var connectionString = ResolveConnectionString(configuration, contentRoot);
        var hub = configuration.GetSection(HubOptions.Section).Get<HubOptions>() ?? new HubOptions();

        // Hosted services start in this order: schema first, then the demo hub, then the scheduler that crawls it.
        services.AddHubWatchData(connectionString);
        services.AddHostedService<DatabaseMigrator>();
        services.AddHubWatchCore(configuration, HubSourceFor(hub));
        services.AddSingleton(new ContentRootFolder(contentRoot));
        services.AddHostedService<EmbeddedDemoHub>();
        services.AddHubWatchJobs(configuration, connectionString);
        return services;
    }

    /// <summary>Services without hosting: the hub client, crawl, queries. Used by the web host, the CLI and tests.</summary>
    public static IServiceCollection AddHubWatchCore(this IServiceCollection services, IConfiguration configuration, HubSource source)
    {
        services.AddOptions<HubOptions>().Bind(configuration.GetSection(HubOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        services.AddSingleton(source);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HubHttpOptions>().Bind(configuration.GetSection(HttpSection)).Configure(http =>
        {
            // The budget is politeness toward a shared hub; the embedded demo hub is this machine's own.
            if (source.IsDemo && configuration[$"{HttpSection}:Budget:Enabled"] is null)
                http.Budget.Enabled = false;
        });
        // the token goes to the hub's own host only (the handler checks each request); never logged or stored
        services.AddSingleton(_ => new HubCredential(() => source.BaseUri, source.Token));
        services.AddHttpClient<HubClient>((provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<HubSource>().BaseUri;
            http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("HubWatch", "0.1"));
        })
        // Redirects are the Hub's way of saying a repository was renamed: HubClient reads them itself.
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
        .AddHubResilience();
        services.AddHttpClient(HubWeightFiles.ClientName, http => http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("HubWatch", "0.1")))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 3 })
            .AddHubResilience();
        services.AddOptions<FingerprintOptions>().Bind(configuration.GetSection(FingerprintOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FingerprintOptions>, FingerprintOptionsValidator>();
        // one accelerator host per process: CUDA when present, else SIMD on the CPU (Kernels:Preference overrides)
        services.AddSingleton(_ => KernelHost.Create(configuration.GetValue("Kernels:Preference", KernelPreference.Auto)));
        services.AddSingleton(provider => provider.GetRequiredService<KernelHost>().Kernels);
        services.AddTransient<HubWeightFiles>();
        services.AddTransient<FingerprintService>();
        services.AddTransient<ProvenanceClassifier>();
        services.AddTransient<ClassificationService>();
        services.AddTransient<CrawlService>();
        services.AddTransient<RefreshService>();
        services.AddTransient<CardReader>();
        services.AddTransient<JobRunRecorder>();
        services.AddTransient<TrendsService>();
        services.AddTransient<MonthlyAggregates>();
        services.AddTransient<LayerSimilarity>();
        services.AddTransient<ModelExports>();
        services.AddTransient<ModelQueries>();
        services.AddSingleton<FacetCache>();
        services.AddTransient<ModelDetails>();
        services.AddTransient<FlaggedModels>();
        services.AddTransient<OverviewService>();
        return services;
    }

    public static string ResolveConnectionString(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set; the default is \"Data Source=data/hubwatch.db\".");
        return SqliteDatabase.Resolve(configured, contentRoot);
    }

    private static HubSource HubSourceFor(HubOptions hub) =>
        string.IsNullOrWhiteSpace(hub.BaseUrl) || !Uri.TryCreate(hub.BaseUrl, UriKind.Absolute, out var uri)
            ? HubSource.Demo() // an invalid URL is reported by HubOptionsValidator at start
            : HubSource.Configured(uri, Environment.GetEnvironmentVariable(HubOptions.TokenVariable));
}
