using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Tests.Ecosystem;

[Collection(GeneratedHubFixture.Collection)]
public sealed class GeneratorTests(GeneratedHubFixture hub)
{
    [Fact]
    public void The_default_demo_holds_a_few_thousand_models_over_at_least_24_months()
    {
        Assert.InRange(hub.Catalog.Repos.Length, 2000, 5000);
        Assert.True(hub.Truth.Monthly.Length >= 24);
        Assert.Equal("2026-11", hub.Truth.Monthly[^1].Month);
        Assert.Equal(hub.Catalog.Repos.Length, hub.Truth.Models.Length);
    }

    [Fact]
    public void The_same_seed_writes_the_same_hub()
    {
        var again = Directory.CreateTempSubdirectory("hubwatch-demo-again-").FullName;
        try
        {
            HubGenerator.Generate(GeneratedHubFixture.Seed, GeneratedHubFixture.Now, again);
            Assert.Equal(File.ReadAllBytes(Path.Combine(hub.Folder, "hub.json")), File.ReadAllBytes(Path.Combine(again, "hub.json")));
            Assert.Equal(File.ReadAllBytes(Path.Combine(hub.Folder, "truth.json")), File.ReadAllBytes(Path.Combine(again, "truth.json")));
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }

    [Fact]
    public void Monthly_series_follow_the_scenario()
    {
        var months = hub.Truth.Monthly;
        Assert.Equal(7.0, months[^1].Targets.Uploads / months[0].Targets.Uploads, 6); // ×7 over the growth window
        foreach (var month in months)
        {
            Assert.InRange(month.Uploads, 0.8 * month.Targets.Uploads, 1.2 * month.Targets.Uploads);
            Assert.InRange(month.Independent, month.Targets.Independent - 0.06, month.Targets.Independent + 0.06);
            Assert.InRange(month.DeclaredMergekit, month.Targets.DeclaredMergekit - 0.06, month.Targets.DeclaredMergekit + 0.06);
            // declarations are drawn per model: allow three binomial standard deviations
            var p = month.Targets.DeclaredProvenance;
            var tolerance = 3 * Math.Sqrt(p * (1 - p) / month.Uploads) + 0.03;
            Assert.InRange(month.DeclaredProvenance, p - tolerance, p + tolerance);
        }
        Assert.True(months[^1].DeclaredMergekit > 0.25 && months[0].DeclaredMergekit < 0.10);
    }

    [Fact]
    public void At_least_four_architectures_have_two_or_more_independent_bases()
    {
        var bases = hub.Truth.Models.Where(m => m.Relation == "independent").GroupBy(m => m.Architecture).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(bases.Count(b => b.Value >= 2) >= 4, string.Join(", ", bases));
        Assert.Contains(Architectures.MixtralMini.Name, bases.Keys);
    }

    [Fact]
    public void Every_kind_of_derivative_is_present()
    {
        var models = hub.Truth.Models;
        foreach (var method in new[] { "linear", "slerp", "task_arithmetic", "ties", "dare_ties", "dare_linear", "passthrough" })
            Assert.Contains(models, m => m.MergekitMethod == method);
        foreach (var relation in new[] { "finetune", "quantized", "copy", "adapter" })
            Assert.Contains(models, m => m.Relation == relation);
        foreach (var transform in new[] { "noise", "permuted", "reordered", "renamed", "transposed", "low-rank", "continued-pretraining" })
            Assert.Contains(models, m => m.Transforms.Contains(transform));
        var files = hub.Catalog.Repos.SelectMany(r => r.Files).Where(f => f.Weights is not null).Select(f => f.Weights!.Encoding).ToHashSet();
        Assert.Superset(new HashSet<string> { "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q3_K_M", "Q2_K", "IQ4_XS", "FP8", "NF4", "I8", "BF16", "F16", "F32" }, files);
        // fine-tunes whose only upload is a quantised GGUF
        Assert.Contains(models, m => m.Relation == "finetune" && m.Transforms.Contains("quantized") && m.Format!.StartsWith("GGUF ", StringComparison.Ordinal));
        Assert.Contains(models, m => m.Coefficients.TryGetValue("t", out var t) && t.Length > 1); // a gradient slerp
    }

    [Fact]
    public void Declarations_are_missing_wrong_or_relicensed_as_real_uploaders_do()
    {
        var models = hub.Truth.Models;
        Assert.Contains(models, m => m.Relation == "merge" && !m.Declared.MergekitTags && m.Declared.BaseModels.Length == 0);
        Assert.Contains(models, m => m.Relation == "finetune" && m.Declared.ClaimsIndependent);
        Assert.Contains(models, m => m.Relation == "merge" && m.Declared.Relation == "finetune");
        Assert.Contains(models, m => m.License.Conflict && m.License.Declared == "mit" && m.License.ParentLicenses.Contains("apache-2.0"));
        Assert.Contains(models, m => m.License.Conflict && m.License.ParentLicenses.Contains("cc-by-nc-4.0"));
        var undeclared = models.Count(m => m.Relation != "independent" && m.Declared.BaseModels.Length == 0);
        Assert.InRange(undeclared / (double)models.Length, 0.1, 0.6);
    }

    [Fact]
    public void The_Rio_like_incident_is_an_MIT_merge_claimed_as_independent()
    {
        var rio = hub.Truth.Models.Single(m => m.Id.EndsWith("/Rio-3.5-Open-70B", StringComparison.Ordinal));
        Assert.Equal("merge", rio.Relation);
        Assert.Equal([0.6, 0.4], rio.Parents.Select(p => p.Share));
        Assert.True(rio.Declared.ClaimsIndependent);
        Assert.Equal("mit", rio.License.Declared);
        Assert.True(rio.License.Conflict);
        var giants = hub.Catalog.Repos.Where(r => r.Architecture == Architectures.Giant70B.Name).ToList();
        Assert.Equal(3, giants.Count);
        Assert.True(Architectures.Giant70B.ParameterCount >= 70_000_000_000);
        Assert.All(giants, g => Assert.Equal(30, g.Files.Count(f => f.Weights is not null)));
    }

    [Fact]
    public void Text_files_are_on_disk_and_weights_are_not()
    {
        var merge = hub.Catalog.Repos.First(r => r.Files.Any(f => f.Path == "mergekit_config.yml"));
        var folder = Path.Combine(hub.Folder, HubGenerator.ReposFolder, merge.Id);
        Assert.Contains("merge_method:", File.ReadAllText(Path.Combine(folder, "mergekit_config.yml")), StringComparison.Ordinal);
        Assert.StartsWith("---\n", File.ReadAllText(Path.Combine(folder, "README.md")), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(hub.Folder, "*.safetensors", SearchOption.AllDirectories));
        var bytes = Directory.EnumerateFiles(hub.Folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(bytes < 300L << 20, $"{bytes:N0} bytes on disk");
    }
}
