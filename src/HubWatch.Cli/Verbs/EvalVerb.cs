using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HubWatch.Application.Classification;
using HubWatch.Application.Crawling;
using HubWatch.Application.Evaluation;
using HubWatch.Application.Fingerprinting;
using HubWatch.Application.Hubs;
using HubWatch.Data;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Serving;
using HubWatch.DemoHub.Truth;
using HubWatch.Hub.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Cli.Verbs;

/// <summary>
/// <c>hubwatch eval --hub DIR</c>: the whole pipeline on a generated demo hub — crawl, fingerprint every model, classify
/// — in a temporary database, scored against the hub's truth.json.
/// </summary>
internal static class EvalVerb
{
    public const int Refused = 2;

    /// <summary>A fingerprint pass that stores nothing this many times in a row ends the loop (transient failures only).</summary>
    private const int IdleRounds = 3;

    public static Command Build(TextWriter output)
    {
        var hub = new Option<string>("--hub") { Description = "Folder of a generated demo hub (hub.json and truth.json, from `hubwatch hub generate`)", Required = true, HelpName = "DIR" };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file", HelpName = "FILE" };
        var command = new Command("eval", "Crawl, fingerprint and classify a generated demo hub, and score the verdicts against its truth.json") { hub, json };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var folder = parse.GetValue(hub)!;
            if (!File.Exists(Path.Combine(folder, HubCatalogFile.FileName)) || !File.Exists(Path.Combine(folder, HubGenerator.TruthFileName)))
            {
                await error.WriteLineAsync($"refused: {folder} holds no generated hub (hub.json and truth.json); run `hubwatch hub generate --out {folder}` first.");
                return Refused;
            }
            try
            {
                var report = await RunAsync(folder, error, ct);
                await output.WriteLineAsync(report.ToTable());
                if (parse.GetValue(json) is { } file)
                    await File.WriteAllTextAsync(file, report.ToJson(), ct);
                return 0;
            }
            catch (Exception e) when (e is HubRequestException or HttpRequestException or HubWatch.Hub.Http.HubUnavailableException or JsonException or InvalidDataException)
            {
                await error.WriteLineAsync($"eval failed: {e.Message.ReplaceLineEndings(" ")}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<EvaluationReport> RunAsync(string folder, TextWriter progress, CancellationToken ct)
    {
        HubTruth truth;
        await using (var stream = File.OpenRead(Path.Combine(folder, HubGenerator.TruthFileName)))
            truth = await JsonSerializer.DeserializeAsync<HubTruth>(stream, HubCatalogFile.Json, ct) ?? throw new InvalidDataException($"{HubGenerator.TruthFileName} is empty");
        var hub = GeneratedHub.Load(folder);
        await using var server = await DemoHubServer.StartAsync(hub, ct: ct);
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
            await using var services = await CliServices.OpenAsync(Path.Combine(temporary, "eval.db"), HubSource.RunningDemo(server.BaseUri, hub.Description), ct, settings);
            var stages = new Dictionary<string, double>(StringComparer.Ordinal);
            var watch = Stopwatch.StartNew();

            await progress.WriteLineAsync($"crawling {hub.Repos.Count:N0} models at {server.BaseUri}");
            var crawl = await services.GetRequiredService<CrawlService>().RunAsync(ct);
            stages["crawl"] = watch.Elapsed.TotalSeconds;
            await progress.WriteLineAsync($"crawled: {crawl.New:N0} new, {crawl.Failed:N0} failed in {crawl.Requests:N0} requests ({stages["crawl"]:F1} s)");

            watch.Restart();
            var fingerprints = services.GetRequiredService<FingerprintService>();
            for (var (round, idle) = (1, 0); idle < IdleRounds; round++)
            {
                var run = await fingerprints.RunAsync(ct);
                await progress.WriteLineAsync($"fingerprint pass {round}: {run.Sampled:N0} sampled, {run.Copies:N0} copies, {run.Unsupported:N0} unsupported, " +
                    $"{run.Refused:N0} refused, {run.Failed:N0} left for another pass; {run.BytesRead / 1048576.0:N1} MiB read ({watch.Elapsed.TotalSeconds:F1} s)");
                if (run.Stored + run.Failed == 0)
                    break;
                idle = run.Stored == 0 ? idle + 1 : 0;
            }
            stages["fingerprint"] = watch.Elapsed.TotalSeconds;

            watch.Restart();
            IReadOnlyList<ClassifiableModel> inputs;
            Dictionary<string, DeclaredProvenance> declared;
            await using (var db = await services.GetRequiredService<IDbContextFactory<HubWatchDbContext>>().CreateDbContextAsync(ct))
            {
                inputs = await ClassificationInputs.LoadAsync(db, ct);
                declared = await db.Models.AsNoTracking().ToDictionaryAsync(m => m.Id, m => new DeclaredProvenance(m.DeclaredBaseModels), StringComparer.Ordinal, ct);
            }
            await progress.WriteLineAsync($"classifying {inputs.Count:N0} models ({inputs.Count(m => m.Fingerprint is not null):N0} with a fingerprint)");
            // the classifier's own registration when there is one, else built from the services it asks for (the kernels)
            var classifier = ActivatorUtilities.GetServiceOrCreateInstance<ProvenanceClassifier>(services);
            var verdicts = classifier.Classify(inputs);
            stages["classify"] = watch.Elapsed.TotalSeconds;

            return VerdictScoring.Score(truth, verdicts, declared) with { StageSeconds = stages };
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(temporary, recursive: true);
        }
    }
}
