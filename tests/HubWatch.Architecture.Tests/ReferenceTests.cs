namespace HubWatch.Architecture.Tests;

/// <summary>
/// References point one way: Domain ← Formats / Kernels ← Provenance; Domain ← Hub, Data; those ← Application ←
/// the hosts (Web, Cli). The demo hub is used only by the hosts and by evaluation; migrations only by the hosts.
/// </summary>
public sealed class ReferenceTests
{
    /// <summary>What each project may reference directly; anything else, added later, fails here.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["HubWatch.Domain"] = [],
        ["HubWatch.Formats"] = ["HubWatch.Domain"],
        ["HubWatch.Kernels"] = ["HubWatch.Domain"],
        ["HubWatch.Provenance"] = ["HubWatch.Domain", "HubWatch.Formats", "HubWatch.Kernels"],
        ["HubWatch.Hub"] = ["HubWatch.Domain"],
        ["HubWatch.Data"] = ["HubWatch.Domain"],
        ["HubWatch.Migrations"] = ["HubWatch.Data"],
        ["HubWatch.DemoHub"] = ["HubWatch.Domain", "HubWatch.Formats", "HubWatch.Hub"],
        ["HubWatch.Application"] = ["HubWatch.Domain", "HubWatch.Formats", "HubWatch.Kernels", "HubWatch.Provenance", "HubWatch.Hub", "HubWatch.Data"],
        ["HubWatch.Evaluation"] = ["HubWatch.Application", "HubWatch.DemoHub", "HubWatch.Provenance", "HubWatch.Domain"],
        ["HubWatch.Web"] = ["HubWatch.Application", "HubWatch.DemoHub", "HubWatch.Migrations"],
        ["HubWatch.Cli"] = ["HubWatch.Application", "HubWatch.DemoHub", "HubWatch.Evaluation", "HubWatch.Migrations"],
    };

    public static TheoryData<string> Projects() => [.. SolutionProjects.Product.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_project_has_a_place_in_the_table() =>
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), SolutionProjects.Product.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Projects))]
    public void A_project_references_only_what_its_layer_may(string project)
    {
        var unexpected = SolutionProjects.Product[project].References.Except(Allowed[project], StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0, $"{project} references {string.Join(", ", unexpected)}, which it may not (see {nameof(ReferenceTests)}.{nameof(Allowed)})");
    }

    [Theory]
    [InlineData("HubWatch.Application", "HubWatch.DemoHub")]
    [InlineData("HubWatch.Application", "HubWatch.Migrations")]
    [InlineData("HubWatch.Application", "HubWatch.Evaluation")]
    [InlineData("HubWatch.Cli", "HubWatch.Web")]
    [InlineData("HubWatch.Evaluation", "HubWatch.Web")]
    [InlineData("HubWatch.Provenance", "HubWatch.Data")]
    [InlineData("HubWatch.Provenance", "HubWatch.Hub")]
    [InlineData("HubWatch.Provenance", "HubWatch.Application")]
    [InlineData("HubWatch.Hub", "HubWatch.Data")]
    [InlineData("HubWatch.Data", "HubWatch.Hub")]
    public void Not_even_through_another_project(string project, string forbidden) =>
        Assert.DoesNotContain(forbidden, SolutionProjects.Closure(project));

    [Fact]
    public void The_analysis_is_pure_code_no_database_no_http_no_scheduler()
    {
        var provenance = SolutionProjects.Product["HubWatch.Provenance"];
        Assert.Empty(provenance.Frameworks);
        Assert.Equal(["System.Numerics.Tensors"], provenance.Packages);
        var sources = Directory.GetFiles(Path.GetDirectoryName(provenance.Path)!, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (var outside in new[] { "System.Net.Http", "HttpClient", "Microsoft.EntityFrameworkCore", "Quartz", "DbContext" })
                Assert.False(text.Contains(outside, StringComparison.Ordinal), $"{Path.GetFileName(file)} uses {outside}");
        }
    }
}
