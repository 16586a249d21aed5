using System.Text.Json;
using HubWatch.Application;
using HubWatch.Evaluation.Benchmarks;
using HubWatch.Hub;
using Microsoft.Data.Sqlite;
using static HubWatch.Cli.Tests.CliRun;

namespace HubWatch.Cli.Tests;

/// <summary><c>hubwatch bench load</c> against a real dashboard process: every endpoint loaded and reported, no timing thresholds.</summary>
public sealed class LoadBenchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-load-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Reports_p50_p99_and_errors_of_each_endpoint_as_ratios_to_healthz()
    {
        var database = Path.Combine(_folder, "load.db");
        await using (await StandaloneServices.OpenAsync(database, HubSource.Configured(new Uri("http://127.0.0.1:9/")), CancellationToken.None)) { }
        DashboardSeeder.Seed(new SqliteConnectionStringBuilder { DataSource = database }.ToString(), 500, DateTime.UtcNow.AddHours(-1));
        var web = await DashboardProcess.LocateAsync(null, TextWriter.Null, CancellationToken.None);
        await using var dashboard = await DashboardProcess.StartOverAsync(web, database, CancellationToken.None);

        var (exit, output, error) = await RunAsync("bench", "load", "--url", dashboard.BaseUri.AbsoluteUri, "--clients", "6", "--seconds", "5", "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(6, json.RootElement.GetProperty("clients").GetInt32()); // one starting at each endpoint
        var endpoints = json.RootElement.GetProperty("endpoints").EnumerateArray().ToList();
        Assert.Equal(["health", "landing page", "trends api", "model search", "model page", "chart png"], endpoints.Select(e => e.GetProperty("name").GetString()));
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.GetProperty("name").GetString();
            Assert.True(endpoint.GetProperty("requests").GetInt32() > 0, name);
            Assert.Equal(0, endpoint.GetProperty("errors").GetInt32());
            Assert.Equal(0, endpoint.GetProperty("limited").GetInt32());
            Assert.True(endpoint.GetProperty("p99Ms").GetDouble() >= endpoint.GetProperty("p50Ms").GetDouble(), name);
            Assert.True(endpoint.GetProperty("p50Ratio").GetDouble() > 0, name);
        }
    }

    [Theory]
    [InlineData("http://example.com/")]
    [InlineData("http://10.0.0.5:5080/")]
    [InlineData("file:///etc/passwd")]
    public async Task Loads_only_a_dashboard_on_a_loopback_address(string url)
    {
        var (exit, _, error) = await RunAsync("bench", "load", "--url", url, "--seconds", "1");

        Assert.NotEqual(0, exit);
        Assert.Contains("--url must be", error, StringComparison.Ordinal);
    }
}
