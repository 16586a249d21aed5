using System.Xml.Linq;

namespace HubWatch.Architecture.Tests;

/// <summary>One project of the solution as its .csproj declares it.</summary>
public sealed record ProjectFile(string Name, string Path, IReadOnlyList<string> References, IReadOnlyList<string> Packages, IReadOnlyList<string> Frameworks);

/// <summary>The projects under <c>src/</c> and <c>migrations/</c>, read from the repository this test was built in.</summary>
public static class SolutionProjects
{
    public static string Root { get; } = FindRoot();

    public static IReadOnlyDictionary<string, ProjectFile> Product { get; } =
        Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Root, "migrations"), "*.csproj"))
            .Select(Read)
            .ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>Every project <paramref name="name"/> depends on, directly or through others.</summary>
    public static IReadOnlySet<string> Closure(string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Stack<string>(Product[name].References);
        while (next.TryPop(out var project))
        {
            if (seen.Add(project))
            {
                foreach (var further in Product[project].References)
                    next.Push(further);
            }
        }
        return seen;
    }

    private static ProjectFile Read(string path)
    {
        var xml = XDocument.Load(path);
        string[] Values(string element) => [.. xml.Descendants(element).Select(e => (string?)e.Attribute("Include")).OfType<string>()];
        return new ProjectFile(
            System.IO.Path.GetFileNameWithoutExtension(path),
            path,
            [.. Values("ProjectReference").Select(r => System.IO.Path.GetFileNameWithoutExtension(r.Replace('\\', '/')))],
            Values("PackageReference"),
            Values("FrameworkReference"));
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "HubWatch.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("HubWatch.sln not found above the test binary.");
    }
}
