using HubWatch.Application.Scheduling;
using HubWatch.DemoHub.Hosting;
using HubWatch.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Tests.Hubs;

/// <summary>
/// Every settings section is checked when the host starts (<c>ValidateOnStart</c>), not at the first request that
/// reads it, and the message names the key — the registration the dashboard uses, on a bare ServiceCollection.
/// </summary>
public sealed class OptionsValidationTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateEmpty();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("Hub:PageSize", "0", "Hub:PageSize")]
    [InlineData("Hub:BaseUrl", "ftp://hub.example", "Hub:BaseUrl")]
    [InlineData("Hub:Demo:Scale", "0", "Hub:Demo:Scale")]
    [InlineData("Hub:Http:Budget:ApiCallsPerWindow", "0", "Hub:Http:Budget:ApiCallsPerWindow")]
    [InlineData("Hub:Http:Retry:MaxAttempts", "0", "Hub:Http:Retry:MaxAttempts")]
    [InlineData("Hub:Http:Breaker:FailureThreshold", "0", "Hub:Http:Breaker:FailureThreshold")]
    [InlineData("Fingerprint:BudgetMiB", "0", "Fingerprint:BudgetMiB")]
    [InlineData("Fingerprint:Parallelism", "99", "Fingerprint:Parallelism")]
    [InlineData("Jobs:Crawl:Interval", "00:00:01", "Jobs:Crawl:Interval")]
    [InlineData("Jobs:Classify:Interval", "00:00:05", "Jobs:Classify:Interval")]
    [InlineData("Kernels:Preference", "Gpu", "Kernels:Preference")]
    [InlineData("Kernels:Preference", "7", "Kernels:Preference")]
    [InlineData("Quarantine:After", "0", "Quarantine:After")]
    public void A_bad_setting_stops_the_start_with_its_key_named(string key, string value, string named)
    {
        using var services = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_start_and_names_are_not_case_sensitive()
    {
        using var services = Build(new() { ["Kernels:Preference"] = "cpu" });
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:HubWatch"] = _database.ConnectionString })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddHubWatch(configuration, _database.Folder);
        services.AddEmbeddedDemoHub(configuration, _database.Folder);
        services.AddHubWatchJobs(configuration, _database.ConnectionString);
        return services.BuildServiceProvider();
    }
}
