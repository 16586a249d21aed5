using System.Text.Json;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Truth;

namespace HubWatch.DemoHub.Ecosystem;

/// <summary>
/// <c>hubwatch hub generate</c>: plans the ecosystem and writes hub.json, truth.json and the repositories' text files.
/// Weight files are not written: the server computes their bytes from the recipes in hub.json.
/// </summary>
public static class HubGenerator
{
    public const string TruthFileName = "truth.json";
    public const string ReposFolder = "repos";

    /// <summary>The seed of the embedded demo hub and of every verb that generates one unless told otherwise.</summary>
    public const ulong DefaultSeed = 42;

    /// <summary>Uploads in the first months of the default scenario (about 2,600 models).</summary>
    public const int DefaultScale = 40;

    /// <summary>Models per hard case of the realistic scenario (about 450 models).</summary>
    public const int DefaultRealisticScale = 20;

    public const string DefaultScenario = "default";
    public const string RealisticScenario = "realistic";

    /// <param name="now">The generator's "now": uploads run up to it (deterministic for a seed and a now).</param>
    /// <param name="scale">
    /// Default scenario: uploads in the first months, multiplied by 7 over the scenario (40 ≈ 2,600 models). Realistic
    /// scenario: models per hard case (<see cref="RealisticCases"/>).
    /// </param>
    public static GenerationSummary Generate(ulong seed, DateTimeOffset now, string folder, int scale = DefaultScale, string scenario = DefaultScenario)
    {
        IReadOnlyList<Draft> drafts;
        Scenario timeline;
        Dictionary<string, Recipes.WeightRecipe> unpublished = [];
        if (scenario == RealisticScenario)
        {
            var realistic = new RealisticPlanner(seed, now, scale);
            (drafts, timeline, unpublished) = (realistic.Plan(), realistic.Scenario, realistic.Unpublished);
        }
        else if (scenario == DefaultScenario)
        {
            var planner = new EcosystemPlanner(seed, now, scale);
            (drafts, timeline) = (planner.Plan(), planner.Scenario);
        }
        else
            throw new ArgumentException($"unknown scenario '{scenario}': {DefaultScenario} or {RealisticScenario}", nameof(scenario));
        var builder = new CatalogBuilder(seed, now);
        var repos = drafts.Select(builder.Repo).ToArray();

        Directory.CreateDirectory(folder);
        var reposFolder = Path.Combine(folder, ReposFolder);
        if (Directory.Exists(reposFolder))
            Directory.Delete(reposFolder, recursive: true);
        for (var i = 0; i < repos.Length; i++)
        {
            foreach (var file in repos[i].Files.Where(f => f.IsText))
            {
                var path = Path.Combine(reposFolder, repos[i].Id, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, RepoFiles.Text(drafts[i], repos[i], file.Path));
            }
        }

        var catalog = new HubCatalogFile
        {
            Seed = seed,
            GeneratedAt = now,
            Description = scenario == RealisticScenario
                ? $"Demo hub (realistic scenario, seed {seed}): the Hub's hard cases at 2,048 wide, {scale} models each"
                : $"Demo hub (synthetic scenario, seed {seed}): {Scenario.Description}",
            Repos = repos,
            Unpublished = unpublished,
        };
        var truth = new HubTruth
        {
            Seed = seed,
            Until = timeline.Until.ToString(),
            Scenario = Scenario.Description,
            Models = [.. drafts.Select(CatalogBuilder.Truth)],
            Monthly = CatalogBuilder.Monthly(drafts, timeline),
        };
        WriteJson(Path.Combine(folder, HubCatalogFile.FileName), catalog);
        WriteJson(Path.Combine(folder, TruthFileName), truth);
        return new GenerationSummary(repos.Length, truth.Monthly.Length, repos.Count(r => r.Architecture == Models.Architectures.Giant70B.Name), folder);
    }

    private static void WriteJson<T>(string path, T value)
    {
        // write then move: a reader never sees half a file, a crash leaves the previous one
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
            JsonSerializer.Serialize(stream, value, HubCatalogFile.Json);
        File.Move(temporary, path, overwrite: true);
    }
}

public sealed record GenerationSummary(int Models, int Months, int VirtualGiants, string Folder);
