using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HubWatch.Application.Fingerprinting;
using HubWatch.Formats.Reading;
using HubWatch.Hub.Cards;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Cli.Verbs;

/// <summary>
/// <c>hubwatch fingerprint &lt;file|url|repository&gt;</c>: the architecture signature, the formats its tensors are
/// stored in and the share of parameters decoded, the sampling plan, the bytes read and the requests it took; a
/// one-line reason and a non-zero exit on a file that breaks its format's rules.
/// </summary>
internal static partial class FingerprintVerb
{
    public const int Refused = 2;

    public static Command Build(TextWriter output)
    {
        var target = new Argument<string>("file-or-url") { Description = "A .safetensors or .gguf file, a sharded model's model.safetensors.index.json, their http(s) URL (read with Range requests), or a repository: org/name, https://huggingface.co/org/name, a demo hub's URL of it" };
        var budget = new Option<int>("--budget-mib") { Description = "Most bytes of tensor data to read, in MiB", DefaultValueFactory = _ => (int)(WeightSampler.DefaultBudget >> 20) };
        var json = CliOptions.Json();
        var fingerprint = new Command("fingerprint", "Sample a weight file and print its signature and sampling plan") { target, budget, json };
        fingerprint.SetAction(async (parse, ct) =>
        {
            var where = parse.GetValue(target)!;
            var bytes = (long)Math.Max(1, parse.GetValue(budget)) << 20;
            try
            {
                var sample = await SampleAsync(where, bytes, ct);
                await output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(Report(sample), CliOptions.JsonOutput) : Table(sample));
                return 0;
            }
            catch (Exception e) when (e is InvalidModelFileException or ByteBudgetExceededException or HttpRequestException or IOException or JsonException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"refused: {e.Message.ReplaceLineEndings(" ")}");
                return Refused;
            }
        });
        return fingerprint;
    }

    private static async Task<WeightSample> SampleAsync(string where, long budget, CancellationToken ct)
    {
        if (RepositoryOf(where) is { } repository)
            return await SampleRepositoryAsync(repository.Hub, repository.Id, budget, ct);
        var sharded = where.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase);
        if (Uri.TryCreate(where, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            using var http = new HttpClient();
            var shards = sharded ? ShardNames(await http.GetStringAsync(uri, ct)).Select(name => new Uri(uri, name)).ToList() : [uri];
            var bytes = ByteBudget.ForSample(budget);
            var sources = shards.Select(shard => (IByteSource)new HttpByteSource(http, shard, bytes)).ToList();
            return await WeightSampler.SampleAsync(sources, budget, ct, c => ConfigAsync(name => TextAsync(http, new Uri(uri, name), c)));
        }
        var files = sharded
            ? [.. ShardNames(await File.ReadAllTextAsync(where, ct)).Select(name => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(where))!, name))]
            : new List<string> { where };
        var opened = files.Select(path => new FileByteSource(path)).ToList();
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(where))!;
            return await WeightSampler.SampleAsync([.. opened], budget, ct, c => ConfigAsync(async name =>
                File.Exists(Path.Combine(folder, name)) ? await File.ReadAllTextAsync(Path.Combine(folder, name), c) : null));
        }
        finally
        {
            opened.ForEach(f => f.Dispose());
        }
    }

    /// <summary>
    /// A repository named as a user has it at hand: <c>org/name</c> (on huggingface.co), or a hub's page of it
    /// (<c>https://huggingface.co/org/name</c>, a demo hub's <c>http://127.0.0.1:5081/org/name</c>); null for a file or a file's URL.
    /// </summary>
    private static (Uri Hub, string Id)? RepositoryOf(string where)
    {
        if (Uri.TryCreate(where, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            return segments.Length == 2 && RepositoryId().IsMatch($"{segments[0]}/{segments[1]}") && !WeightFile(segments[1])
                ? (new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), $"{segments[0]}/{segments[1]}")
                : null;
        }
        return !File.Exists(where) && !Directory.Exists(where) && !WeightFile(where) && RepositoryId().IsMatch(where) ? (new Uri("https://huggingface.co/"), where) : null;
    }

    /// <summary>A file's name, not a repository's (whose names may hold dots: Rio-3.5-Open-70B).</summary>
    private static bool WeightFile(string name) =>
        name.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")]
    private static partial System.Text.RegularExpressions.Regex RepositoryId();

    /// <summary>The repository's weight files picked as the fingerprint job picks them, read at its current commit.</summary>
    private static async Task<WeightSample> SampleRepositoryAsync(Uri hub, string id, long budget, CancellationToken ct)
    {
        using var http = new HttpClient();
        var info = JsonSerializer.Deserialize<HubWatch.Hub.Api.HubModelInfo>(await RequiredTextAsync(http, new Uri(hub, $"api/models/{id}"), ct), HubWatch.Hub.Api.HubClient.Json)
            ?? throw new InvalidModelFileException($"{hub}api/models/{id} answered no model");
        var revision = info.Sha ?? "main";
        Uri Resolve(string path) => new(hub, HubWatch.Hub.Api.HubClient.FileUri(id, revision, path));
        var files = info.Siblings.Select(f => new HubWatch.Data.Entities.ModelFile { ModelId = id, Path = f.FileName, Size = f.Size }).ToList();
        var choice = WeightFileChoice.For(files);
        if (choice.Unsupported is not null)
            throw new InvalidModelFileException($"{id}: {choice.Unsupported}");
        var paths = choice.Index is null ? choice.Files : ShardNames(await RequiredTextAsync(http, Resolve(choice.Index), ct));
        var bytes = ByteBudget.ForSample(budget);
        var sources = paths.Select(path => (IByteSource)new HttpByteSource(http, Resolve(path), bytes)).ToList();
        var present = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return await WeightSampler.SampleAsync(sources, budget, ct, c => ConfigAsync(name => present.Contains(name) ? TextAsync(http, Resolve(name), c) : Task.FromResult<string?>(null)));
    }

    /// <summary>The quantisation config beside the weights, as the fingerprint job reads it: quantize_config.json, then config.json.</summary>
    private static async Task<QuantizationConfig?> ConfigAsync(Func<string, Task<string?>> read) =>
        QuantizationConfig.Parse(await read("quantize_config.json")) ?? QuantizationConfig.Parse(await read("config.json"));

    private static async Task<string> RequiredTextAsync(HttpClient http, Uri uri, CancellationToken ct) =>
        await TextAsync(http, uri, ct) ?? throw new HttpRequestException($"{uri} could not be read");

    private static async Task<string?> TextAsync(HttpClient http, Uri uri, CancellationToken ct)
    {
        using var response = await http.GetAsync(uri, ct);
        return response.IsSuccessStatusCode && response.Content.Headers.ContentLength is null or < 1 << 20 ? await response.Content.ReadAsStringAsync(ct) : null;
    }

    /// <summary>Each storage format with the parameters it holds, and what could not be decoded.</summary>
    private static (List<(string Format, int Tensors, long Parameters)> Formats, long Unread, double DecodedShare) Formats(WeightSample sample)
    {
        var formats = sample.Plan.Segments.GroupBy(s => s.Tensor.Layout.Describe(s.Tensor))
            .Select(g => (Format: g.Key, Tensors: g.Count(), Parameters: g.Sum(s => s.Tensor.Elements)))
            .OrderByDescending(f => f.Parameters).ToList();
        var (decoded, unread) = (formats.Sum(f => f.Parameters), sample.Fingerprint.UnreadParameters);
        return (formats, unread, decoded + unread == 0 ? 0 : (double)decoded / (decoded + unread));
    }

    private static IReadOnlyList<string> ShardNames(string indexJson)
    {
        try
        {
            return ShardIndex.ShardFiles(indexJson);
        }
        catch (FormatException e)
        {
            throw new InvalidModelFileException(e.Message);
        }
    }

    private static object Report(WeightSample sample)
    {
        var (formats, unread, decodedShare) = Formats(sample);
        return new
        {
            format = sample.Fingerprint.Format,
            signature = sample.Fingerprint.Signature,
            plan = new { tensors = sample.Plan.Anchors.Count, segments = sample.Plan.Segments.Count, ranges = sample.Plan.Ranges.Count, bytes = sample.Plan.Bytes },
            bytesRead = sample.Cost.BytesRead,
            requests = sample.Cost.Requests,
            fileBytes = sample.Cost.FileBytes,
            skipped = sample.Fingerprint.Skipped,
            formats = formats.Select(f => new { format = f.Format, tensors = f.Tensors, parameters = f.Parameters }),
            unreadParameters = unread,
            decodedShare,
            tensors = sample.Fingerprint.Tensors.Select(t => new { name = t.Name, shape = t.Shape, type = t.Type.ToString(), anchorElement = t.AnchorElement, statistics = t.Statistics }),
        };
    }

    private static string Table(WeightSample sample)
    {
        var s = sample.Fingerprint.Signature;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"format        {sample.Fingerprint.Format}");
        text.AppendLine(CultureInfo.InvariantCulture, $"signature     {s.Tensors} tensors, {s.Parameters:N0} parameters, {s.Layers} layers, hidden {s.Hidden?.ToString(CultureInfo.InvariantCulture) ?? "?"}, vocab {s.Vocab?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"types         {string.Join(", ", s.ParametersByType.Select(t => $"{t.Key} {t.Value:N0}"))}");
        var (formats, unread, decodedShare) = Formats(sample);
        foreach (var f in formats)
            text.AppendLine(CultureInfo.InvariantCulture, $"stored as     {f.Format}: {f.Tensors} tensors, {f.Parameters:N0} parameters");
        text.AppendLine(CultureInfo.InvariantCulture, $"decoded       {100 * decodedShare:F1} % of the parameters{(unread > 0 ? $"; not read: {unread:N0} ({sample.Fingerprint.Skipped.Count} tensors in a format HubWatch does not read)" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"plan          {sample.Plan.Segments.Count} segments in {sample.Plan.Ranges.Count} ranges, {sample.Plan.Bytes:N0} bytes");
        var cost = sample.Cost;
        var share = cost.FileBytes is > 0 ? $" ({100.0 * cost.BytesRead / cost.FileBytes.Value:F4} % of {cost.FileBytes:N0})" : "";
        text.Append(CultureInfo.InvariantCulture, $"read          {cost.BytesRead:N0} bytes{share} in {cost.Requests} requests");
        return text.ToString();
    }
}
