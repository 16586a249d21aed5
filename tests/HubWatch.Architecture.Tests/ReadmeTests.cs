using System.Text.RegularExpressions;

namespace HubWatch.Architecture.Tests;

public sealed partial class ReadmeTests
{
    [Fact]
    public void The_architecture_table_names_every_project_of_the_tree_and_no_other()
    {
        var readme = File.ReadAllText(Path.Combine(SolutionProjects.Root, "README.md"));
        var section = readme[readme.IndexOf("## Architecture", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("\n## ", 4, StringComparison.Ordinal) is var next and > 0 ? next : section.Length)];
        var listed = ProjectRow().Matches(section).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var tree = Directory.GetDirectories(Path.Combine(SolutionProjects.Root, "src")).Select(d => $"src/{Path.GetFileName(d)}")
            .Where(d => File.Exists(Path.Combine(SolutionProjects.Root, d, $"{Path.GetFileName(d)}.csproj")))
            .Append("migrations/")
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(tree.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\| `((?:src/HubWatch\.[A-Za-z]+)|migrations/)`", RegexOptions.Multiline)]
    private static partial Regex ProjectRow();
}
