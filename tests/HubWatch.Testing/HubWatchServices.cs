using HubWatch.Application;
using HubWatch.Data;
using HubWatch.Hub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Testing;

/// <summary>HubWatch's real services over a test database and a given hub, without hosting or jobs.</summary>
public static class HubWatchServices
{
    /// <param name="more">Adds services to the same container (the scheduled jobs, for pages that show them).</param>
    public static ServiceProvider Build(TestDatabase database, HubSource hub, IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Action<IServiceCollection, IConfiguration>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHubWatchData(database.ConnectionString);
        services.AddHubWatchCore(configuration, hub);
        if (clock is not null)
            services.AddSingleton(clock);
        more?.Invoke(services, configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
