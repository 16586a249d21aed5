namespace HubWatch.Hub.Tests.Cards;

/// <summary>The copies of real cards under <c>RealCards/</c> (see its MANIFEST.md), by path relative to that folder.</summary>
internal static class RealCardFiles
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "RealCards");

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public static bool Exists(string relativePath) => File.Exists(Path.Combine(Root, relativePath));

    /// <summary>Relative paths of every file called <paramref name="fileName"/> under <paramref name="under"/>, sorted.</summary>
    public static string[] Find(string fileName, string under = ".") =>
    [
        .. Directory.GetFiles(Path.Combine(Root, under), fileName, SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    public static string FolderOf(string relativePath) => Path.GetDirectoryName(relativePath)!.Replace('\\', '/');

    public static TheoryData<string> AsTheoryData(IEnumerable<string> paths) => [.. paths];
}
