using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using HubWatch.Formats.Reading;
using HubWatch.Formats.Safetensors;
using static HubWatch.Cli.Tests.CliRun;

namespace HubWatch.Cli.Tests;

/// <summary>
/// <c>hubwatch scan</c> on a folder tree built from the real weights (tests/HubWatch.Formats.Tests/RealWeights):
/// one sub-folder per file, the corrupted GGUF included.
/// </summary>
public sealed partial class ScanTests : IDisposable
{
    private static readonly string RealWeights = Path.Combine(AppContext.BaseDirectory, "AllRealWeights");
    private static readonly DateTime Start = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-scan-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Models => Path.Combine(_folder, "models");

    private const string Corrupt = "gguf-corrupt/ggml-vocab-bert-bge.gguf";

    /// <summary>
    /// <c>models/&lt;group&gt;/&lt;file name&gt;/&lt;file&gt;</c> for every weight file, so each model's id is
    /// <c>&lt;group&gt;/&lt;file name&gt;</c>. Upload times (last-write times) follow the MANIFEST's lineage: every
    /// parent is older than its derivatives, which are an hour apart in MANIFEST order.
    /// </summary>
    private IReadOnlyList<string> Layout()
    {
        var expected = ExpectedFromManifest();
        var times = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var (id, _) in expected.Where(e => e.Value.Parent is null))
            times[id] = Start;
        foreach (var (id, _) in expected.Where(e => e.Value.Parent is not null))
            times[id] = Start.AddHours(1 + times.Count);
        var ids = new List<string>();
        foreach (var file in Directory.EnumerateFiles(RealWeights, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith(".gguf", StringComparison.Ordinal)))
        {
            var id = Path.GetRelativePath(RealWeights, file).Replace(Path.DirectorySeparatorChar, '/');
            var target = Path.Combine(Models, id, Path.GetFileName(file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetAttributes(target, FileAttributes.Normal);
            File.SetLastWriteTimeUtc(target, times.GetValueOrDefault(id, Start.AddDays(1)));
            ids.Add(id);
        }
        return ids;
    }

    [Fact]
    public async Task Every_model_folder_gets_one_entry_and_the_corrupted_file_is_unknown_with_a_reason()
    {
        var ids = Layout();
        Assert.Equal(13, ids.Count); // stories260K ×4, rnnoise ×6, faceapi ×2, the corrupted GGUF
        var json = Path.Combine(_folder, "scan.json");

        var (exit, output, _) = await RunAsync("scan", Models, "--json", json);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var models = document.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["models"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ids.Order(StringComparer.Ordinal), models.Select(m => m.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        foreach (var model in models)
        {
            Assert.Equal(["id", "relation", "parents", "method", "transforms", "evidence"], model.EnumerateObject().Select(p => p.Name));
            Assert.Contains(model.GetProperty("relation").GetString(), new[] { "independent", "finetune", "merge", "quantized", "copy", "adapter", "unknown" });
            foreach (var parent in model.GetProperty("parents").EnumerateArray())
                Assert.Equal(["id", "share", "pValue"], parent.EnumerateObject().Select(p => p.Name));
            if (model.GetProperty("relation").GetString() != "merge")
                Assert.Equal(JsonValueKind.Null, model.GetProperty("method").ValueKind);
            Assert.Equal(JsonValueKind.Array, model.GetProperty("transforms").ValueKind);
            Assert.True(model.GetProperty("evidence").TryGetProperty("summary", out _));
            Assert.Contains(model.GetProperty("id").GetString()!, output, StringComparison.Ordinal);
        }
        var corrupt = models.Single(m => m.GetProperty("id").GetString() == Corrupt);
        Assert.Equal("unknown", corrupt.GetProperty("relation").GetString());
        Assert.StartsWith("refused: ", corrupt.GetProperty("evidence").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains($"refused {Corrupt}: ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_verdicts_are_what_the_manifest_says_a_correct_classifier_concludes()
    {
        Layout();
        var json = Path.Combine(_folder, "scan.json");
        Assert.Equal(0, (await RunAsync("scan", Models, "--json", json)).Exit);

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var verdicts = document.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        foreach (var (id, expected) in ExpectedFromManifest().Append(new(Corrupt, new Expected("unknown", null))))
        {
            var verdict = verdicts[id];
            var parents = verdict.GetProperty("parents").EnumerateArray().ToList();
            var top = parents.Count == 0 ? null : parents.MaxBy(p => p.GetProperty("share").GetDouble()).GetProperty("id").GetString();
            Assert.Equal((id, expected.Relation, expected.Parent), (id, verdict.GetProperty("relation").GetString(), top));
        }
    }

    [Fact]
    public void The_manifest_gives_an_expected_verdict_for_every_readable_model()
    {
        var expected = ExpectedFromManifest();

        Assert.Equal(12, expected.Count);
        Assert.Equal(6, expected.Values.Count(e => e.Relation == "independent")); // the 4 rnnoise keras files, stories f32, faceapi npm
        Assert.Equal(new Expected("quantized", "rnnoise/leavened-quisling.keras-f32.safetensors"), expected["rnnoise/leavened-quisling.rnnn-int8.safetensors"]);
        Assert.Equal(new Expected("quantized", "stories260K/stories260K.f32.safetensors"), expected["stories260K/stories260K.bf16.safetensors"]);
        Assert.Equal(new Expected("quantized", "stories260K/stories260K.f32.safetensors"), expected["stories260K/stories260K.q8_0.gguf"]);
        Assert.Equal(new Expected("copy", "stories260K/stories260K.f32.safetensors"), expected["stories260K/stories260K.f32.gguf"]);
        Assert.Equal("copy", expected["faceapi/faceapi-github-face_landmark_68.safetensors"].Relation);
    }

    [Fact]
    public async Task A_missing_folder_or_one_without_weights_is_refused_with_exit_2()
    {
        var (exit, _, error) = await RunAsync("scan", Path.Combine(_folder, "nowhere"));
        Assert.Equal((2, true), (exit, error.StartsWith("refused: ", StringComparison.Ordinal)));

        Directory.CreateDirectory(Path.Combine(_folder, "empty", "sub"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "empty", "sub", "README.md"), "# nothing here");
        (exit, _, error) = await RunAsync("scan", Path.Combine(_folder, "empty"));
        Assert.Equal((2, true), (exit, error.StartsWith("refused: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Shards_without_an_index_are_one_model_and_identical_files_are_copies_of_the_first_by_id()
    {
        var stories = Path.Combine(RealWeights, "stories260K", "stories260K.f32.safetensors");
        foreach (var name in new[] { "a", "b/nested/deeper" })
        {
            Directory.CreateDirectory(Path.Combine(Models, name));
            File.Copy(stories, Path.Combine(Models, name, "weights.safetensors"));
        }
        // two rnnoise files in one folder: their tensor names repeat, which the sampler refuses for shards
        Directory.CreateDirectory(Path.Combine(Models, "two"));
        foreach (var name in new[] { "beguiling-drafter.keras-f32.safetensors", "leavened-quisling.keras-f32.safetensors" })
            File.Copy(Path.Combine(RealWeights, "rnnoise", name), Path.Combine(Models, "two", name));
        var json = Path.Combine(_folder, "scan.json");

        var (exit, _, _) = await RunAsync("scan", Models, "--json", json);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var models = document.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal(["a", "b/nested/deeper", "two"], models.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("unknown", models["two"].GetProperty("relation").GetString());
        Assert.Contains("more than one shard", models["two"].GetProperty("evidence").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("independent", models["a"].GetProperty("relation").GetString());
        Assert.Equal("copy", models["b/nested/deeper"].GetProperty("relation").GetString());
        Assert.Equal("a", models["b/nested/deeper"].GetProperty("parents").EnumerateArray().Single().GetProperty("id").GetString());
        Assert.Contains("byte for byte", models["b/nested/deeper"].GetProperty("evidence").GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_of_stories260K_under_anonymous_names_transposed_or_not_are_copies_of_it()
    {
        // what ONNX, TF/Keras and Flax exporters do: every tensor renamed, every matrix stored [in, out]
        var original = Path.Combine(RealWeights, "stories260K", "stories260K.f32.safetensors");
        Directory.CreateDirectory(Path.Combine(Models, "original"));
        File.Copy(original, Path.Combine(Models, "original", "model.safetensors"));
        File.SetLastWriteTimeUtc(Path.Combine(Models, "original", "model.safetensors"), Start);
        await ExportAsync(original, Path.Combine(Models, "transposed"), i => $"dense_{i}/kernel", transpose: true);
        await ExportAsync(original, Path.Combine(Models, "renamed"), i => $"param_{i}", transpose: false);
        var json = Path.Combine(_folder, "scan.json");

        var (exit, _, _) = await RunAsync("scan", Models, "--json", json);

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var models = document.RootElement.GetProperty("models").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        foreach (var (id, transforms) in new[] { ("transposed", new[] { "renamed", "transposed" }), ("renamed", ["renamed"]) })
        {
            var verdict = models[id];
            Assert.Equal(("copy", "original"), (verdict.GetProperty("relation").GetString(), verdict.GetProperty("parents").EnumerateArray().Single().GetProperty("id").GetString()));
            Assert.Equal(transforms, verdict.GetProperty("transforms").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The file's tensors under new names, each matrix transposed or not, an hour after the original.</summary>
    private static async Task ExportAsync(string file, string folder, Func<int, string> name, bool transpose)
    {
        using var source = new FileByteSource(file);
        var header = await SafetensorsReader.ReadHeaderAsync(source, CancellationToken.None);
        var bytes = await File.ReadAllBytesAsync(file);
        var tensors = new List<SafetensorsTensor>();
        var data = new List<byte[]>();
        foreach (var (tensor, i) in header.Tensors.Select((t, i) => (t, i)))
        {
            var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan((int)tensor.Begin, (int)(tensor.End - tensor.Begin))).ToArray();
            if (transpose && tensor.Shape is [var rows, var columns])
            {
                values = [.. Enumerable.Range(0, values.Length).Select(k => values[(k % rows * columns) + (k / rows)])];
                tensors.Add(new SafetensorsTensor(name(i), "F32", [columns, rows]));
            }
            else
                tensors.Add(new SafetensorsTensor(name(i), "F32", tensor.Shape));
            data.Add(MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "model.safetensors");
        await File.WriteAllBytesAsync(path, [.. SafetensorsHeader.Build(tensors).Prefix.ToArray(), .. data.SelectMany(d => d)]);
        File.SetLastWriteTimeUtc(path, Start.AddHours(1));
    }

    /// <param name="Parent">The model the relation points to; null for independent and unknown.</param>
    public sealed record Expected(string Relation, string? Parent);

    /// <summary>
    /// The MANIFEST's table "What a correct classifier concludes on these files", as an expected verdict per model id
    /// (<c>&lt;group&gt;/&lt;file name&gt;</c>). Rows read "children vs parent" with the relation in words (several
    /// children: one comma-separated kind each); "pairwise" rows are independent; a parent no row derives is independent.
    /// </summary>
    public static IReadOnlyDictionary<string, Expected> ExpectedFromManifest()
    {
        var ids = Directory.EnumerateFiles(RealWeights, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith(".gguf", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RealWeights, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(id => id != Corrupt)
            .Order(StringComparer.Ordinal)
            .ToList();
        var manifest = File.ReadAllText(Path.Combine(RealWeights, "MANIFEST.md"));
        var section = manifest[manifest.IndexOf("## What a correct classifier concludes", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var rows = section.Split('\n').Where(l => l.StartsWith('|') && !l.Contains("---", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray()).ToList();
        Assert.Equal(4, rows.Count);

        var expected = new Dictionary<string, Expected>(StringComparer.Ordinal);
        foreach (var cells in rows)
        {
            var (files, relation) = (cells[0], cells[1]);
            if (files.Contains(" vs ", StringComparison.Ordinal))
            {
                var sides = files.Split(" vs ");
                var children = Backticked(sides[0]);
                var parentPattern = Backticked(sides[1]).Single();
                var kinds = relation.StartsWith("same weights:", StringComparison.Ordinal)
                    ? [.. relation["same weights:".Length..].Split(',').Select(k => k.Contains("conversion", StringComparison.Ordinal) ? "copy" : "quantized")]
                    : children.Select(_ => RelationIn(relation)).ToArray();
                Assert.Equal(children.Count, kinds.Length);
                for (var i = 0; i < children.Count; i++)
                {
                    foreach (var (id, match) in ids.Select(id => (id, Match(children[i], id))).Where(m => m.Item2.Success))
                    {
                        var x = match.Groups["x"].Success ? match.Groups["x"].Value : null;
                        var parent = ids.Single(p => p != id && Match(parentPattern, p) is { Success: true } m && (x is null || m.Groups["x"].Value == x));
                        expected[id] = new Expected(kinds[i], parent);
                    }
                }
            }
            else
            {
                Assert.Contains("pairwise", files, StringComparison.Ordinal);
                foreach (var pattern in Backticked(files))
                {
                    foreach (var id in ids.Where(id => Match(pattern, id).Success))
                        expected[id] = new Expected(RelationIn(relation), null);
                }
            }
        }
        foreach (var parent in expected.Values.Select(e => e.Parent).OfType<string>().Distinct().Where(p => !expected.ContainsKey(p)).ToList())
            expected[parent] = new Expected("independent", null);
        return expected;
    }

    private static List<string> Backticked(string text) => [.. BacktickedName().Matches(text).Select(m => m.Groups[1].Value)];

    private static string RelationIn(string words) =>
        words.StartsWith("independent", StringComparison.Ordinal) ? "independent"
        : words.StartsWith("quantised copy", StringComparison.Ordinal) ? "quantized"
        : words.StartsWith("exact copy", StringComparison.Ordinal) ? "copy"
        : throw new InvalidOperationException($"MANIFEST relation not understood: {words}");

    /// <summary>
    /// A MANIFEST name against a model id: <c>*</c> and <c>…</c> match anything, <c>X</c> as a whole name part is one
    /// model's stem (captured, so a row's parent can be the same X), a leading dot matches a suffix, a name without a
    /// folder matches the file name, and the extension may be left out.
    /// </summary>
    private static Match Match(string pattern, string id)
    {
        var regex = Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace("…", ".*", StringComparison.Ordinal);
        regex = XPart().Replace(regex, "${before}(?<x>[^/.]+(?:-[^/.]+)*)${after}");
        if (pattern.StartsWith('.'))
            regex = "[^/]*" + regex;
        return Regex.Match(id, $"(?:^|/){regex}(?:\\.safetensors|\\.gguf)?$");
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex BacktickedName();

    [GeneratedRegex(@"(?<before>^|/)X(?<after>\\\.)")]
    private static partial Regex XPart();
}
