using System.Text.Json;
using static HubWatch.Cli.Tests.CliRun;

namespace HubWatch.Cli.Tests;

/// <summary><c>hubwatch bench dashboard</c> end to end on a small seed: every endpoint answered and reported, no timing thresholds.</summary>
public sealed class DashboardBenchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-bench-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Reports_every_endpoint_as_a_ratio_to_healthz_and_reuses_a_seeded_file()
    {
        var database = Path.Combine(_folder, "bench.db");
        var (exit, output, error) = await RunAsync("bench", "dashboard", "--models", "3000", "--requests", "3", "--db", database, "--json");

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(3000, root.GetProperty("models").GetInt32());
        Assert.True(root.GetProperty("seedSeconds").GetDouble() > 0);
        Assert.True(root.GetProperty("aggregates").GetProperty("usesUploadMonthIndex").GetBoolean());
        Assert.True(root.GetProperty("aggregates").GetProperty("ratio").GetDouble() > 0);

        var endpoints = root.GetProperty("endpoints").EnumerateArray().ToList();
        var paths = endpoints.Select(e => e.GetProperty("path").GetString()!).ToList();
        Assert.Equal("/healthz", paths[0]);
        foreach (var expected in new[] { "/api/trends", "/api/trends?from=2024-01&to=2024-12", "/api/models", "/api/models?page=2000&pageSize=50",
            "/api/models?relation=merge", "/api/models?flag=any", "/api/models?license=mit&month=2025-06", "/api/charts/uploads.png",
            "/api/charts/uploads.csv", "/", "/models", "/flags" })
            Assert.Contains(expected, paths);
        Assert.Contains(paths, p => p.StartsWith("/api/models?architecture=", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("/api/models?search=", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith("/api/models/", StringComparison.Ordinal) && p.Count(c => c == '/') == 4);
        Assert.Contains(paths, p => p.StartsWith("/models/", StringComparison.Ordinal));
        foreach (var endpoint in endpoints)
        {
            Assert.Equal(200, endpoint.GetProperty("status").GetInt32());
            Assert.True(endpoint.GetProperty("medianMs").GetDouble() > 0, endpoint.GetProperty("path").GetString());
            Assert.True(endpoint.GetProperty("p95Ms").GetDouble() > 0);
            Assert.True(endpoint.GetProperty("ratio").GetDouble() > 0);
        }

        var (again, reused, _) = await RunAsync("bench", "dashboard", "--models", "3000", "--requests", "1", "--db", database, "--json");
        Assert.Equal(0, again);
        using var second = JsonDocument.Parse(reused);
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("seedSeconds").ValueKind);
    }
}
