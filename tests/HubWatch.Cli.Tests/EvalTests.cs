using System.Text.Json;
using HubWatch.Testing;
using static HubWatch.Cli.Tests.CliRun;

namespace HubWatch.Cli.Tests;

/// <summary><c>hubwatch eval</c> on the small test hub, its 70B giants included: the whole pipeline runs, the report is well formed, and its figures meet the targets.</summary>
public sealed class EvalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-eval-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Eval_scores_every_model_of_the_test_hub_and_writes_the_report_as_json()
    {
        var json = Path.Combine(_folder, "eval.json");

        var (exit, output, error) = await RunAsync("eval", "--hub", TestHub.Folder, "--json", json);

        Assert.True(exit == 0, error);
        Assert.Contains("truth \\ predicted", output, StringComparison.Ordinal);
        Assert.Contains("macro-F1", output, StringComparison.Ordinal);
        Assert.Contains("fingerprint pass 1:", error, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal(TestHub.ModelCount, root.GetProperty("counts").GetProperty("models").GetInt32());
        Assert.Equal(0, root.GetProperty("counts").GetProperty("missingVerdicts").GetInt32());
        var counts = root.GetProperty("confusion").GetProperty("counts").EnumerateArray().Select(r => r.EnumerateArray().Sum(c => c.GetInt32())).ToList();
        Assert.Equal(TestHub.ModelCount, counts.Sum());
        Assert.Contains("unknown", root.GetProperty("confusion").GetProperty("predicted").EnumerateArray().Select(p => p.GetString()));
        foreach (var stage in new[] { "crawl", "fingerprint", "classify" })
            Assert.True(root.GetProperty("stageSeconds").GetProperty(stage).GetDouble() >= 0);

        var shares = Shares(root).ToList();
        Assert.NotEmpty(shares);
        Assert.All(shares, s => Assert.True(s.Value is >= 0 and <= 1, $"{s.Path} = {s.Value}"));
        var targets = root.GetProperty("targets").EnumerateArray()
            .Select(t => (Figure: t.GetProperty("figure").GetString()!, Status: t.GetProperty("status").GetString()!, Value: t.GetProperty("value").ToString())).ToList();
        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.True(t.Status is "PASS" or "n/a", $"{t.Figure}: {t.Value} ({t.Status})"));
        Assert.True(root.GetProperty("macroF1").GetDouble() >= 0.95, output);
        Assert.Equal(0, root.GetProperty("falseDerived").GetProperty("predictedDerived").GetInt32());
    }

    [Fact]
    public async Task A_folder_without_a_hub_is_refused()
    {
        var (exit, _, error) = await RunAsync("eval", "--hub", _folder);

        Assert.Equal(2, exit);
        Assert.StartsWith("refused: ", error, StringComparison.Ordinal);
        Assert.Contains("hub generate", error, StringComparison.Ordinal);
    }

    /// <summary>Every rate, share, precision, recall, F1 and error in the report (all fractions of 1).</summary>
    private static IEnumerable<(string Path, double Value)> Shares(JsonElement element, string path = "")
    {
        string[] fractions = ["macroF1", "precision", "recall", "f1", "rate", "topParentRate", "exactSetRate", "meanError", "maxError",
            "withinTolerance", "detectedRate", "meanAbsError", "maxAbsError", "value"];
        string[] monthlyShares = ["merges", "finetunes", "independent", "undeclaredDerivatives"];
        var series = path.EndsWith(".truth", StringComparison.Ordinal) || path.EndsWith(".predicted", StringComparison.Ordinal);
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Number && (fractions.Contains(property.Name) || series && monthlyShares.Contains(property.Name)))
                    yield return ($"{path}.{property.Name}", property.Value.GetDouble());
                foreach (var inner in Shares(property.Value, $"{path}.{property.Name}"))
                    yield return inner;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Shares(item, $"{path}[{i++}]"))
                    yield return inner;
            }
        }
    }
}
