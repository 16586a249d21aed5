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

    /// <param name="now">The generator's "now": uploads run up to it (deterministic for a seed and a now).</param>
    /// <param name="baseMonthlyUploads">Uploads in the first months; the scenario multiplies it by 7 (40 ≈ 2,600 models).</param>
    public static GenerationSummary Generate(ulong seed, DateTimeOffset now, string folder, int baseMonthlyUploads = DefaultScale)
    {
        var planner = new EcosystemPlanner(seed, now, baseMonthlyUploads);
        var drafts = planner.Plan();
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
            Description = $"Demo hub (synthetic scenario, seed {seed}): {Scenario.Description}",
            Repos = repos,
        };
        var truth = new HubTruth
        {
            Seed = seed,
            Until = planner.Scenario.Until.ToString(),
            Scenario = Scenario.Description,
            Models = [.. drafts.Select(CatalogBuilder.Truth)],
            Monthly = CatalogBuilder.Monthly(drafts, planner.Scenario),
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
