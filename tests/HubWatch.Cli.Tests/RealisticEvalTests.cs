using System.Text.Json;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.Domain.Lineage;
using static HubWatch.Cli.Tests.CliRun;

namespace HubWatch.Cli.Tests;

/// <summary>
/// <c>hub generate --scenario realistic</c> then <c>eval</c> at one model per hard case: tensors of 2,048 and 5,632
/// values a row read in bands, as on the Hub. The cases HubWatch now gets right are held to it; the rest are reported.
/// </summary>
public sealed class RealisticEvalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-realistic-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_realistic_scenario_is_scored_case_by_case_and_never_accuses_a_fine_tune_or_an_independent()
    {
        var hub = Path.Combine(_folder, "hub");
        var json = Path.Combine(_folder, "eval.json");
        var (generated, _, generateError) = await RunAsync("hub", "generate", "--scenario", "realistic", "--scale", "1", "--out", hub, "--now", "2026-12-01T00:00:00Z");
        Assert.True(generated == 0, generateError);

        var (exit, output, error) = await RunAsync("eval", "--hub", hub, "--json", json);

        Assert.True(exit == 0, error);
        Assert.Contains("case finetune-light", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var cases = document.RootElement.GetProperty("perCase").EnumerateArray().ToDictionary(
            c => c.GetProperty("case").GetString()!,
            c => c.GetProperty("predictedAs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()));
        Assert.Equal(14 + RealisticCases.MergeMethods.Count + 1, cases.Count); // + the siblings merges are made of
        int Called(string @case, string relation) => cases[@case].GetValueOrDefault(relation);
        int All(string @case) => cases[@case].Values.Sum();

        // no accusation where there is none: independents stay independent, fine-tunes are no copies
        foreach (var independent in new[] { RealisticCases.IndependentSharedStructure, RealisticCases.DistilledStudent })
            Assert.Equal(All(independent), Called(independent, Relations.Independent));
        foreach (var tune in new[] { RealisticCases.FinetuneLight, RealisticCases.FinetuneModerate, RealisticCases.FinetuneHeavy, RealisticCases.FinetuneVocabExtended })
        {
            Assert.Equal(0, Called(tune, Relations.Copy));
            Assert.Equal(All(tune), Called(tune, Relations.Finetune));
        }
        // what partial reads used to hide: a copy stored transposed, and noise told from training by its structure
        Assert.Equal(All(RealisticCases.ConverterTransposed), Called(RealisticCases.ConverterTransposed, Relations.Copy));
        Assert.Equal(All(RealisticCases.DisguisedNoise), Called(RealisticCases.DisguisedNoise, Relations.Copy));
        // a hidden-unit permutation hides the gate and up rows from the screening sample: the escalation read finds them
        Assert.Equal(All(RealisticCases.DisguisedPermuted), Called(RealisticCases.DisguisedPermuted, Relations.Copy));
        Assert.Equal(0, document.RootElement.GetProperty("falseDerived").GetProperty("predictedDerived").GetInt32());
    }
}
