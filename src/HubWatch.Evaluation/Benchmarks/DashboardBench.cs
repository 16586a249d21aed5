using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using HubWatch.Application;
using HubWatch.Application.Scheduling;
using HubWatch.Application.Trends;
using HubWatch.Hub;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Evaluation.Benchmarks;

/// <summary>
/// <c>hubwatch bench dashboard</c>: seeds a hub-sized database, times the monthly figures counted from scratch against
/// counting only what a crawl touched, then starts the built dashboard in its own process and measures its pages and
/// API over HTTP as multiples of <c>/healthz</c>, the trivial endpoint, measured in the same run.
/// </summary>
public static class DashboardBench
{
    private const string Baseline = "/healthz";
    private const int TouchedPerRun = 1_000;
    private const int WarmUpRequests = 3;

    /// <param name="path">The SQLite file: seeded when it does not hold <paramref name="models"/> models, else reused.</param>
    /// <param name="dashboard">The folder of the built dashboard (<c>HubWatch.Web.dll</c>).</param>
    public static async Task<DashboardBenchmark> RunAsync(string path, int models, int requests, string dashboard, CancellationToken ct)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path }.ToString();
        double? seedSeconds = null;
        if (!File.Exists(path) || DashboardSeeder.CountModels(connectionString) != models)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                File.Delete(file);
            await using (await StandaloneServices.OpenAsync(path, NoHub, ct)) { } // the real migrations make the schema
            Progress($"seeding {models:N0} models into {path}");
            var seed = Stopwatch.StartNew();
            DashboardSeeder.Seed(connectionString, models, DateTime.UtcNow.AddHours(-1));
            seedSeconds = seed.Elapsed.TotalSeconds;
        }

        Progress("timing the monthly figures");
        AggregateTiming aggregates;
        await using (var services = await StandaloneServices.OpenAsync(path, NoHub, ct)) // applies migrations newer than the seeded file
            aggregates = await TimeAggregatesAsync(services.GetRequiredService<MonthlyAggregates>(), connectionString, ct);
        SqliteConnection.ClearAllPools();

        var endpoints = await MeasureEndpointsAsync(path, connectionString, requests, dashboard, ct);
        using var counts = new SqliteConnection(connectionString);
        counts.Open();
        return new DashboardBenchmark(models, Scalar(counts, "SELECT COUNT(*) FROM Verdicts"), Scalar(counts, "SELECT COUNT(*) FROM WeightFingerprints"),
            seedSeconds, new FileInfo(path).Length / 1048576.0, aggregates, requests, Baseline, endpoints);
    }

    private static HubSource NoHub => HubSource.Configured(new Uri("http://127.0.0.1:9/"));

    /// <summary>
    /// The full recount, then what the jobs do after a crawl: 1,000 models of the newest month touched, only their
    /// month counted again (median of three).
    /// </summary>
    private static async Task<AggregateTiming> TimeAggregatesAsync(MonthlyAggregates monthly, string connectionString, CancellationToken ct)
    {
        await monthly.UpdateChangedSinceAsync(DateTime.MaxValue, ct); // warm-up: compiles the query, touches nothing
        var full = Stopwatch.StartNew();
        await monthly.RebuildAsync(ct);
        full.Stop();

        var runs = new List<(double Seconds, int Months)>();
        for (var i = 0; i < 3; i++)
        {
            var since = Touch(connectionString);
            var touched = Stopwatch.StartNew();
            var months = await monthly.UpdateChangedSinceAsync(since, ct);
            runs.Add((touched.Elapsed.TotalSeconds, months));
        }
        var median = runs.OrderBy(r => r.Seconds).ElementAt(runs.Count / 2);
        var plan = ExplainIncremental(connectionString);
        var fullScan = plan.Any(step => step.Contains("SCAN m", StringComparison.Ordinal) && !step.Contains("USING", StringComparison.Ordinal));
        return new AggregateTiming(full.Elapsed.TotalSeconds, median.Seconds, TouchedPerRun, median.Months,
            !fullScan && plan.Any(step => step.Contains("IX_Models_UploadMonth", StringComparison.Ordinal)), plan);
    }

    /// <summary>Marks the newest month's latest 1,000 models crawled again, as a crawl run would; returns the crawl's time.</summary>
    private static DateTime Touch(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var latest = DateTime.Parse(ScalarText(connection, "SELECT MAX(LastCrawledAt) FROM Models")!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        // whole seconds, after everything stored: the text compares the way EF writes the parameter
        var crawl = latest.AddTicks(-(latest.Ticks % TimeSpan.TicksPerSecond)).AddMinutes(1);
        using var update = connection.CreateCommand();
        update.CommandText = """
            UPDATE Models SET LastCrawledAt = $crawl, Downloads = Downloads + 1
            WHERE Id IN (SELECT Id FROM Models WHERE UploadMonth = (SELECT MAX(UploadMonth) FROM Models) ORDER BY CreatedAt DESC LIMIT $count)
            """;
        update.Parameters.AddWithValue("$crawl", crawl.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        update.Parameters.AddWithValue("$count", TouchedPerRun);
        update.ExecuteNonQuery();
        return crawl;
    }

    /// <summary>SQLite's plan for counting the newest month again, one line per step.</summary>
    private static List<string> ExplainIncremental(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var explain = connection.CreateCommand();
        var (_, insert) = MonthlyAggregates.RecountSql(1);
        explain.CommandText = "EXPLAIN QUERY PLAN " + insert.Replace("{0}", "$p0", StringComparison.Ordinal).Replace("{1}", "$p1", StringComparison.Ordinal);
        explain.Parameters.AddWithValue("$p0", "2026-01-01 00:00:00");
        explain.Parameters.AddWithValue("$p1", ScalarText(connection, "SELECT MAX(UploadMonth) FROM Models"));
        var plan = new List<string>();
        using var reader = explain.ExecuteReader();
        while (reader.Read())
            plan.Add(reader.GetString(3));
        return plan;
    }

    private static async Task<List<EndpointLatency>> MeasureEndpointsAsync(string path, string connectionString, int requests, string dashboard, CancellationToken ct)
    {
        var targets = Targets(connectionString);
        await using var app = await DashboardProcess.StartOverAsync(dashboard, path, ct);
        using var http = new HttpClient { BaseAddress = app.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        foreach (var (name, url) in targets)
        {
            for (var i = 0; i < WarmUpRequests; i++)
                await GetAsync(http, url, ct);
            Progress($"warmed up {name}");
        }
        // rounds over every endpoint, not one endpoint after another: load from elsewhere on the machine then
        // slows the baseline and the endpoints alike, and the ratios hold
        var times = targets.Select(_ => new double[requests]).ToArray();
        var statuses = new int[targets.Count];
        for (var round = 0; round < requests; round++)
        {
            for (var t = 0; t < targets.Count; t++)
                (statuses[t], times[t][round]) = await GetAsync(http, targets[t].Url, ct);
            Progress($"round {round + 1}/{requests}");
        }
        var results = targets.Select((target, t) =>
        {
            Array.Sort(times[t]);
            return (target.Name, Path: target.Url, Status: statuses[t], Median: Percentile.Of(times[t], 0.5), P95: Percentile.Of(times[t], 0.95));
        }).ToList();
        var baseline = results[0].Median;
        return [.. results.Select(r => new EndpointLatency(r.Name, r.Path, r.Status, r.Median, r.P95, r.Median / baseline))];
    }

    /// <summary>The endpoints measured, the trivial one first; ids, authors and filters taken from the seeded rows.</summary>
    private static List<(string Name, string Url)> Targets(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var model = ScalarText(connection, "SELECT ModelId FROM Verdicts WHERE Current = 1 AND Relation = 'merge' ORDER BY Id DESC LIMIT 1")
            ?? ScalarText(connection, "SELECT Id FROM Models ORDER BY rowid DESC LIMIT 1")!;
        var escaped = string.Join('/', model.Split('/').Select(Uri.EscapeDataString));
        var author = DashboardSeeder.AuthorName(1_000); // a mid-sized uploader: ~1 in 9,000 models
        return
        [
            ("GET /healthz (baseline)", Baseline),
            ("GET /api/trends", "/api/trends"),
            ("GET /api/trends 2024", "/api/trends?from=2024-01&to=2024-12"),
            ("GET /api/models", "/api/models"),
            ("GET /api/models deep page", "/api/models?page=2000&pageSize=50"),
            ("GET /api/models relation=merge", "/api/models?relation=merge"),
            ("GET /api/models flag=any", "/api/models?flag=any"),
            ("GET /api/models mit, 2025-06", "/api/models?license=mit&month=2025-06"),
            ("GET /api/models architecture", $"/api/models?architecture={DashboardSeeder.SampleArchitecture}"),
            ("GET /api/models search=author", $"/api/models?search={author}"),
            ("GET /api/models/{id}", $"/api/models/{escaped}"),
            ("GET /api/charts/uploads.png", "/api/charts/uploads.png"),
            ("GET /api/charts/uploads.csv", "/api/charts/uploads.csv"),
            ("GET / (Trends page)", "/"),
            ("GET /models (page)", "/models"),
            ("GET /flags (page)", "/flags"),
            ("GET /models/{id} (page)", $"/models/{escaped}"),
        ];
    }

    private static async Task<(int Status, double Milliseconds)> GetAsync(HttpClient http, string url, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
        await response.Content.ReadAsByteArrayAsync(ct);
        return ((int)response.StatusCode, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>Where a long run stands, on stderr: stdout stays the table or the JSON.</summary>
    private static void Progress(string step) => Console.Error.WriteLine($"bench dashboard: {step}");

    /// <summary>Nearest-rank percentile of sorted values.</summary>

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static string? ScalarText(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }
}
