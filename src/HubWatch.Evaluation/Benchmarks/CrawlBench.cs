using System.Diagnostics;
using HubWatch.Application;
using HubWatch.Application.Crawling;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub;
using HubWatch.Hub.Api;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Evaluation.Benchmarks;

/// <summary>
/// <c>hubwatch bench crawl</c>: models ingested per second from a local demo hub (budget off), as a ratio to merely
/// reading the same pages and files in the same run.
/// </summary>
public static class CrawlBench
{
    /// <summary>Crawls <paramref name="server"/> into a temporary database, deleted afterwards.</summary>
    public static async Task<CrawlBenchmark> RunAsync(DemoHubServer server, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("hubwatch-bench-").FullName;
        try
        {
            return await MeasureAsync(server, Path.Combine(folder, "bench.db"), ct);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<CrawlBenchmark> MeasureAsync(DemoHubServer server, string database, CancellationToken ct)
    {
        var settings = new Dictionary<string, string?> { ["Hub:MaxPagesPerRun"] = "100000", ["Hub:CardsPerRun"] = "1000000", ["Hub:Http:Budget:Enabled"] = "false" };
        await using var services = await StandaloneServices.OpenAsync(database, HubSource.RunningDemo(server.BaseUri, "bench"), ct, settings);
        var client = services.GetRequiredService<HubClient>();

        await ReadOnlyAsync(client, ct); // warm-up: JIT, the server's document cache
        var read = Stopwatch.StartNew();
        var (models, requests) = await ReadOnlyAsync(client, ct);
        read.Stop();

        var crawl = Stopwatch.StartNew();
        var result = await services.GetRequiredService<CrawlService>().RunAsync(ct);
        crawl.Stop();

        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return new CrawlBenchmark(
            Models: models,
            BaselineRequests: requests,
            CrawlRequests: result.Requests,
            BaselineSeconds: read.Elapsed.TotalSeconds,
            CrawlSeconds: crawl.Elapsed.TotalSeconds,
            BaselineModelsPerSecond: models / read.Elapsed.TotalSeconds,
            CrawlModelsPerSecond: result.New / crawl.Elapsed.TotalSeconds,
            PeakWorkingSetMiB: process.PeakWorkingSet64 / 1048576.0,
            ManagedHeapAfterMiB: GC.GetTotalMemory(forceFullCollection: true) / 1048576.0,
            DatabaseMiB: new FileInfo(database).Length / 1048576.0);
    }

    /// <summary>The crawl's own requests — every listing page, each model's card and configs — with nothing stored.</summary>
    private static async Task<(int Models, int Requests)> ReadOnlyAsync(HubClient client, CancellationToken ct)
    {
        int models = 0, requests = 0;
        for (Uri? page = HubClient.NewestFirst(100); page is not null;)
        {
            var result = await client.GetModelPageAsync(page, ct);
            requests++;
            models += result.Models.Count;
            foreach (var model in result.Models)
            {
                foreach (var file in model.Siblings.Select(s => s.FileName).Where(f => f is CardReader.Card or CardReader.MergekitConfigFile or CardReader.ShardIndexFile))
                {
                    await client.GetTextFileAsync(model.Id, model.Sha!, file, ct);
                    requests++;
                }
            }
            page = result.Next;
        }
        return (models, requests);
    }
}

/// <summary>One run of <c>hubwatch bench crawl</c>.</summary>
public sealed record CrawlBenchmark(
    int Models,
    int BaselineRequests,
    int CrawlRequests,
    double BaselineSeconds,
    double CrawlSeconds,
    double BaselineModelsPerSecond,
    double CrawlModelsPerSecond,
    double PeakWorkingSetMiB,
    double ManagedHeapAfterMiB,
    double DatabaseMiB)
{
    /// <summary>Crawl speed as a share of the bandwidth limit: reading the same pages and files without storing them.</summary>
    public double Ratio => CrawlModelsPerSecond / BaselineModelsPerSecond;

    public string ToTable() => string.Join(Environment.NewLine,
        $"models                      {Models,10:N0}",
        $"requests (read / crawl)     {BaselineRequests,10:N0} / {CrawlRequests:N0}",
        $"read only, no storing       {BaselineModelsPerSecond,10:N0} models/s  ({BaselineSeconds:F2} s)",
        $"crawl into SQLite           {CrawlModelsPerSecond,10:N0} models/s  ({CrawlSeconds:F2} s)",
        $"ratio crawl / read          {Ratio,10:P0}",
        $"peak working set            {PeakWorkingSetMiB,10:N0} MiB",
        $"managed heap after          {ManagedHeapAfterMiB,10:N1} MiB",
        $"database                    {DatabaseMiB,10:N1} MiB");
}
