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
/// <c>hubwatch fingerprint &lt;file|url&gt;</c>: the architecture signature, the sampling plan, the bytes read and the
/// requests it took; a one-line reason and a non-zero exit on a file that breaks its format's rules.
/// </summary>
internal static class FingerprintVerb
{
    public const int Refused = 2;

    public static Command Build(TextWriter output)
    {
        var target = new Argument<string>("file-or-url") { Description = "A .safetensors or .gguf file, a sharded model's model.safetensors.index.json, or their http(s) URL (read with Range requests)" };
        var budget = new Option<int>("--budget-mib") { Description = "Most bytes of tensor data to read, in MiB", DefaultValueFactory = _ => 64 };
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
        var sharded = where.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase);
        if (Uri.TryCreate(where, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            using var http = new HttpClient();
            var shards = sharded ? ShardNames(await http.GetStringAsync(uri, ct)).Select(name => new Uri(uri, name)).ToList() : [uri];
            var bytes = ByteBudget.ForSample(budget);
            var sources = shards.Select(shard => (IByteSource)new HttpByteSource(http, shard, bytes)).ToList();
            return await WeightSampler.SampleAsync(sources, budget, ct);
        }
        var files = sharded
            ? [.. ShardNames(await File.ReadAllTextAsync(where, ct)).Select(name => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(where))!, name))]
            : new List<string> { where };
        var opened = files.Select(path => new FileByteSource(path)).ToList();
        try
        {
            return await WeightSampler.SampleAsync([.. opened], budget, ct);
        }
        finally
        {
            opened.ForEach(f => f.Dispose());
        }
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

    private static object Report(WeightSample sample) => new
    {
        format = sample.Fingerprint.Format,
        signature = sample.Fingerprint.Signature,
        plan = new { tensors = sample.Plan.Anchors.Count, segments = sample.Plan.Segments.Count, ranges = sample.Plan.Ranges.Count, bytes = sample.Plan.Bytes },
        bytesRead = sample.Cost.BytesRead,
        requests = sample.Cost.Requests,
        fileBytes = sample.Cost.FileBytes,
        skipped = sample.Fingerprint.Skipped,
        tensors = sample.Fingerprint.Tensors.Select(t => new { name = t.Name, shape = t.Shape, type = t.Type.ToString(), anchorElement = t.AnchorElement, statistics = t.Statistics }),
    };

    private static string Table(WeightSample sample)
    {
        var s = sample.Fingerprint.Signature;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"format        {sample.Fingerprint.Format}");
        text.AppendLine(CultureInfo.InvariantCulture, $"signature     {s.Tensors} tensors, {s.Parameters:N0} parameters, {s.Layers} layers, hidden {s.Hidden?.ToString(CultureInfo.InvariantCulture) ?? "?"}, vocab {s.Vocab?.ToString(CultureInfo.InvariantCulture) ?? "?"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"types         {string.Join(", ", s.ParametersByType.Select(t => $"{t.Key} {t.Value:N0}"))}");
        text.AppendLine(CultureInfo.InvariantCulture, $"plan          {sample.Plan.Segments.Count} segments in {sample.Plan.Ranges.Count} ranges, {sample.Plan.Bytes:N0} bytes");
        var cost = sample.Cost;
        var share = cost.FileBytes is > 0 ? $" ({100.0 * cost.BytesRead / cost.FileBytes.Value:F4} % of {cost.FileBytes:N0})" : "";
        text.Append(CultureInfo.InvariantCulture, $"read          {cost.BytesRead:N0} bytes{share} in {cost.Requests} requests");
        return text.ToString();
    }
}
