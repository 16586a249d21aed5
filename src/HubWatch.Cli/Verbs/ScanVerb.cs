using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HubWatch.Application;
using HubWatch.Application.Fingerprinting;
using HubWatch.Domain.Lineage;
using HubWatch.Formats.Reading;
using HubWatch.Hub;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Escalation;
using HubWatch.Provenance.Fingerprints;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Cli.Verbs;

/// <summary>
/// <c>hubwatch scan &lt;folder&gt;</c>: fingerprints the models in a local folder tree from their files alone (no hub
/// metadata) and prints what the classifier concludes about each one's origin.
/// </summary>
internal static class ScanVerb
{
    public const int Refused = 2;

    private const string Help = """
        Fingerprint the models in a folder tree and classify where each one comes from, from the weights alone.
        Every folder (at any depth) that directly holds *.safetensors or *.gguf files is one model, its id the folder's
        path below <folder> ('/' separators). Weights: the shards named by model.safetensors.index.json, else
        model.safetensors, else the folder's safetensors files (several are read as the shards of one model), else its
        largest GGUF. There is no upload date: a model's time is the oldest last-write time of its weight files (ties by
        id), and a model is judged against the models older than it. Models with identical weight files (same SHA-256)
        are copies of the first of them in id order. README.md and mergekit_config.yml beside the weights only fill the
        'declared' column. A model whose files are refused is listed as unknown with the reason.
        """;

    public static Command Build(TextWriter output)
    {
        var folder = new Argument<string>("folder") { Description = "The folder to scan" };
        var json = new Option<string?>("--json") { Description = "Also write the verdicts as JSON to this file", HelpName = "FILE" };
        var command = new Command("scan", Help) { folder, json };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var root = parse.GetValue(folder)!;
            if (!Directory.Exists(root))
            {
                await error.WriteLineAsync($"refused: {root} is not a folder");
                return Refused;
            }
            var models = ScanFolder.Find(root);
            if (models.Count == 0)
            {
                await error.WriteLineAsync($"refused: {root} holds no model (no folder with *.safetensors or *.gguf files)");
                return Refused;
            }
            await error.WriteLineAsync($"scanning {models.Count} models in {Path.GetFullPath(root)}");
            var results = await ScanAsync(models, ct);
            await output.WriteLineAsync(Table(results));
            if (parse.GetValue(json) is { } file)
                await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new ScanReport([.. results.Select(r => ScanEntry.Of(r.Verdict))]), Json), ct);
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record Sampled(string? Hash, DateTime CreatedAt, ModelFingerprint? Fingerprint, string? Problem);

    private sealed record ScanResult(ScanModel Model, Verdict Verdict, ScanDeclared Declared, string? Problem);

    private static async Task<IReadOnlyList<ScanResult>> ScanAsync(IReadOnlyList<ScanModel> models, CancellationToken ct)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 8), CancellationToken = ct };

        // identical bytes first, so each set of copies is sampled once
        var hashes = new ConcurrentDictionary<string, Sampled>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(models, parallel, async (model, token) => hashes[model.Id] = await HashAsync(model, token));
        var originals = models.Where(m => hashes[m.Id].Hash is not null).GroupBy(m => hashes[m.Id].Hash!)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.Id, StringComparer.Ordinal).First().Id, StringComparer.Ordinal);

        var sampled = new ConcurrentDictionary<string, Sampled>(hashes, StringComparer.Ordinal);
        await Parallel.ForEachAsync(models.Where(m => hashes[m.Id].Hash is { } h && originals[h] == m.Id), parallel, async (model, token) =>
        {
            var (fingerprint, problem) = await SampleAsync(model, token);
            sampled[model.Id] = hashes[model.Id] with { Fingerprint = fingerprint, Problem = problem };
        });

        var inputs = new List<ClassifiableModel>();
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in models)
        {
            var mine = sampled[model.Id];
            var original = mine.Hash is { } hash && originals[hash] != model.Id ? originals[hash] : null;
            var source = original is null ? mine : sampled[original];
            if ((mine.Problem ?? source.Problem) is { } problem)
                refused[model.Id] = problem;
            else
                inputs.Add(new ClassifiableModel(model.Id, mine.CreatedAt, source.Fingerprint, original));
        }
        // oldest first, ties by id: the order the classifier's "earlier models" follow
        inputs = [.. inputs.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
        var judged = Classify(inputs);
        var escalations = await EscalateAsync(judged, models.ToDictionary(m => m.Id, m => m.Files, StringComparer.Ordinal), ct);
        if (escalations.Count > 0)
            judged = Classify([.. inputs.Select(m => m with { Escalations = escalations.GetValueOrDefault(m.Id) ?? [] })]);
        var verdicts = judged.ToDictionary(v => v.ModelId, StringComparer.Ordinal);

        return [.. models.Select(model =>
        {
            var verdict = refused.TryGetValue(model.Id, out var problem)
                ? new Verdict(model.Id, Relations.Unknown, [], null, new Dictionary<string, double[]>(), [], new VerdictEvidence(0, 0, 0, 0, [], $"refused: {problem}"))
                : verdicts.GetValueOrDefault(model.Id) ?? new Verdict(model.Id, Relations.Unknown, [], null, new Dictionary<string, double[]>(), [],
                    new VerdictEvidence(0, 0, 0, 0, [], "no verdict from the classifier"));
            return new ScanResult(model, verdict, DeclaredOf(model.Folder), problem);
        })];
    }

    private static async Task<Sampled> HashAsync(ScanModel model, CancellationToken ct)
    {
        if (model.Problem is not null)
            return new Sampled(null, default, null, model.Problem);
        try
        {
            return new Sampled(await ScanFolder.ContentHashAsync(model.Files, ct), ScanFolder.CreatedAt(model.Files), null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Sampled(null, default, null, ScanFolder.OneLine(e.Message));
        }
    }

    /// <summary>The fingerprint, or why the files were refused: a hostile or broken file never stops the scan.</summary>
    private static async Task<(ModelFingerprint?, string?)> SampleAsync(ScanModel model, CancellationToken ct)
    {
        var sources = new List<FileByteSource>();
        try
        {
            sources.AddRange(model.Files.Select(f => new FileByteSource(f)));
            var sample = await WeightSampler.SampleAsync([.. sources], WeightSampler.DefaultBudget, ct);
            return (sample.Fingerprint, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, ScanFolder.OneLine(e.Message));
        }
        finally
        {
            sources.ForEach(s => s.Dispose());
        }
    }

    /// <summary>The classifier as the application builds it (its kernels: CUDA when present, else SIMD on the CPU).</summary>
    /// <summary>The escalation reads the verdicts asked for, from the files in the folder (the hub's job does them by Range requests).</summary>
    private static async Task<Dictionary<string, List<EscalationResult>>> EscalateAsync(IReadOnlyList<Verdict> verdicts, IReadOnlyDictionary<string, IReadOnlyList<string>> files, CancellationToken ct)
    {
        var results = new Dictionary<string, List<EscalationResult>>(StringComparer.Ordinal);
        foreach (var request in verdicts.Select(v => v.Escalation).OfType<EscalationRequest>())
        {
            var opened = new List<FileByteSource>();
            IReadOnlyList<IByteSource> Open(string id) => [.. files[id].Select(f =>
            {
                opened.Add(new FileByteSource(f));
                return opened[^1];
            })];
            EscalationResult result;
            try
            {
                result = await PermutationCheck.RunAsync(request, Open(request.ChildId), Open(request.ParentId), ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidModelFileException)
            {
                result = new EscalationResult(request.ParentId, request.Reason, opened.Sum(f => f.BytesRead), opened.Sum(f => f.Requests), [], ScanFolder.OneLine(e.Message));
            }
            finally
            {
                opened.ForEach(f => f.Dispose());
            }
            (results.TryGetValue(request.ChildId, out var list) ? list : results[request.ChildId] = []).Add(result);
        }
        return results;
    }

    private static IReadOnlyList<Verdict> Classify(IReadOnlyList<ClassifiableModel> models)
    {
        if (models.Count == 0)
            return [];
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHubWatchCore(new ConfigurationBuilder().Build(), HubSource.Demo());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<ProvenanceClassifier>().Classify(models);
    }

    private static ScanDeclared DeclaredOf(string folder)
    {
        try
        {
            return ScanFolder.Declared(folder);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ScanDeclared([], null); // declarations are only shown, never needed
        }
    }

    private static string Table(IReadOnlyList<ScanResult> results)
    {
        string[] header = ["id", "relation", "parents (share, p)", "method", "transforms", "declared"];
        var rows = results.Select(r => new[]
        {
            r.Model.Id,
            r.Verdict.Relation,
            string.Join("; ", r.Verdict.Parents.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Id} ({p.Share:F2}, p={p.PValue:G2})"))),
            r.Verdict.Relation == Relations.Merge ? r.Verdict.Method ?? "" : "",
            string.Join(", ", r.Verdict.Transforms),
            r.Declared.ToString(),
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        foreach (var r in results.Where(r => r.Problem is not null))
            text.AppendLine(CultureInfo.InvariantCulture, $"refused {r.Model.Id}: {r.Problem}");
        return text.ToString().TrimEnd();
    }
}

/// <summary>The JSON of <c>hubwatch scan --json</c>.</summary>
internal sealed record ScanReport(IReadOnlyList<ScanEntry> Models);

/// <param name="Method">The merge method family; null unless the relation is merge.</param>
internal sealed record ScanEntry(string Id, string Relation, IReadOnlyList<ScanParent> Parents, string? Method, IReadOnlyList<string> Transforms, VerdictEvidence Evidence)
{
    public static ScanEntry Of(Verdict verdict) => new(verdict.ModelId, verdict.Relation, [.. verdict.Parents.Select(p => new ScanParent(p.Id, p.Share, p.PValue))],
        verdict.Relation == Relations.Merge ? verdict.Method : null, verdict.Transforms, verdict.Evidence);
}

internal sealed record ScanParent(string Id, double Share, double PValue);
