using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HubWatch.Application;
using HubWatch.Application.Classification;
using HubWatch.Application.Crawling;
using HubWatch.Application.Fingerprinting;
using HubWatch.Data;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Serving;
using HubWatch.DemoHub.Truth;
using HubWatch.Evaluation.Scoring;
using HubWatch.Hub;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Declarations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Evaluation;

/// <summary>
/// The whole pipeline on a served demo hub — crawl, fingerprint every model, classify — in a temporary database,
/// scored against the hub's truth.json.
/// </summary>
public static class DemoHubEvaluation
{
    /// <summary>A fingerprint pass that stores nothing this many times in a row ends the loop (transient failures only).</summary>
    private const int IdleRounds = 3;

    public static async Task<HubTruth> ReadTruthAsync(string folder, CancellationToken ct)
    {
        await using var stream = File.OpenRead(Path.Combine(folder, HubGenerator.TruthFileName));
        return await JsonSerializer.DeserializeAsync<HubTruth>(stream, HubCatalogFile.Json, ct) ?? throw new InvalidDataException($"{HubGenerator.TruthFileName} is empty");
    }

    /// <param name="progress">Where each stage's progress is written (the CLI's standard error).</param>
    public static async Task<EvaluationReport> RunAsync(DemoHubServer server, TextWriter progress, CancellationToken ct)
    {
        var truth = await ReadTruthAsync(server.Hub.Folder, ct);
        var temporary = Directory.CreateTempSubdirectory("hubwatch-eval-").FullName;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Hub:MaxPagesPerRun"] = "100000",
                ["Hub:CardsPerRun"] = "1000000",
                ["Hub:Http:Budget:Enabled"] = "false",
                ["Fingerprint:MaxWeightGiB"] = "0",
                ["Fingerprint:PerRun"] = "1000000",
                ["Fingerprint:Parallelism"] = Math.Clamp(Environment.ProcessorCount, 4, 16).ToString(CultureInfo.InvariantCulture),
            };
            await using var services = await StandaloneServices.OpenAsync(Path.Combine(temporary, "eval.db"), HubSource.RunningDemo(server.BaseUri, server.Hub.Description), ct, settings);
            var stages = new Dictionary<string, double>(StringComparer.Ordinal);
            var watch = Stopwatch.StartNew();

            await progress.WriteLineAsync($"crawling {server.Hub.Repos.Count:N0} models at {server.BaseUri}");
            var crawl = await services.GetRequiredService<CrawlService>().RunAsync(ct);
            stages["crawl"] = watch.Elapsed.TotalSeconds;
            await progress.WriteLineAsync($"crawled: {crawl.New:N0} new, {crawl.Failed:N0} failed in {crawl.Requests:N0} requests ({stages["crawl"]:F1} s)");

            watch.Restart();
            var fingerprints = services.GetRequiredService<FingerprintService>();
            for (var (round, idle) = (1, 0); idle < IdleRounds; round++)
            {
                var run = await fingerprints.RunAsync(ct);
                await progress.WriteLineAsync($"fingerprint pass {round}: {run.Sampled:N0} sampled, {run.Copies:N0} copies, {run.Unsupported:N0} unsupported, " +
                    $"{run.Failed:N0} failed, {run.Deferred:N0} left for another pass; {run.BytesRead / 1048576.0:N1} MiB read ({watch.Elapsed.TotalSeconds:F1} s)");
                if (run.Stored + run.Deferred == 0)
                    break;
                idle = run.Stored == 0 ? idle + 1 : 0;
            }
            stages["fingerprint"] = watch.Elapsed.TotalSeconds;

            watch.Restart();
            var (inputs, declared) = await InputsAsync(services, ct);
            await progress.WriteLineAsync($"classifying {inputs.Count:N0} models ({inputs.Count(m => m.Fingerprint is not null):N0} with a fingerprint)");
            var verdicts = await services.GetRequiredService<EscalatingClassification>().ClassifyAsync(ct);
            stages["classify"] = watch.Elapsed.TotalSeconds;

            return VerdictScoring.Score(truth, verdicts, declared) with { StageSeconds = stages };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>The classifier's inputs as the classification job loads them, and what each card declares.</summary>
    public static async Task<(IReadOnlyList<ClassifiableModel> Inputs, IReadOnlyDictionary<string, DeclaredProvenance> Declared)> InputsAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<HubWatchDbContext>>().CreateDbContextAsync(ct);
        var inputs = await ClassificationInputs.LoadAsync(db, ct);
        var models = await db.Models.AsNoTracking().ToListAsync(ct);
        return (inputs, models.ToDictionary(m => m.Id, m => m.Declared(), StringComparer.Ordinal));
    }
}
