using System.Security.Cryptography;
using System.Text;
using HubWatch.Hub.Cards;

namespace HubWatch.Cli.Verbs;

/// <summary>One model found by <see cref="ScanFolder"/>: its weight files, or why none can be read.</summary>
/// <param name="Id">The folder's path below the scanned folder with '/' separators ("." for the scanned folder itself).</param>
/// <param name="Files">Full paths of the weight files to sample (shards in order), empty when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">One line saying why the files cannot be read as one model; null when they can.</param>
internal sealed record ScanModel(string Id, string Folder, IReadOnlyList<string> Files, string? Problem);

/// <summary>What a model's own files beside the weights declare (README front matter, mergekit_config.yml).</summary>
internal sealed record ScanDeclared(IReadOnlyList<string> BaseModels, string? MergeMethod)
{
    public override string ToString() => string.Join("; ",
        new[] { BaseModels.Count > 0 ? "base " + string.Join(", ", BaseModels) : null, MergeMethod is null ? null : "mergekit " + MergeMethod }.OfType<string>());
}

/// <summary>
/// Finds models in a local folder tree: every folder (at any depth) that directly holds <c>*.safetensors</c> or
/// <c>*.gguf</c> files is one model. Hidden folders and symbolic links to folders are not entered.
/// </summary>
internal static class ScanFolder
{
    public const string ShardIndexFile = "model.safetensors.index.json";
    public const string SingleFile = "model.safetensors";

    /// <summary>A shard index larger than this is refused (real ones are a few MB at most).</summary>
    private const long MaxIndexBytes = 64L << 20;

    /// <summary>A card or mergekit config larger than this is not read for its declarations.</summary>
    private const long MaxTextBytes = 1L << 20;

    private static readonly EnumerationOptions Folders = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
    };

    private static readonly EnumerationOptions FilesHere = new() { IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive };

    /// <summary>The models under <paramref name="root"/>, ordered by id (ordinal).</summary>
    public static IReadOnlyList<ScanModel> Find(string root)
    {
        var full = Path.GetFullPath(root);
        return [.. Directory.EnumerateDirectories(full, "*", Folders).Prepend(full)
            .Where(HoldsWeights)
            .Select(folder => Choose(IdOf(full, folder), folder))
            .OrderBy(m => m.Id, StringComparer.Ordinal)];
    }

    private static bool HoldsWeights(string folder) => WeightFiles(folder, "*.safetensors").Any() || WeightFiles(folder, "*.gguf").Any();

    private static IEnumerable<string> WeightFiles(string folder, string pattern) =>
        Directory.EnumerateFiles(folder, pattern, FilesHere).Where(File.Exists);

    private static string IdOf(string root, string folder)
    {
        var relative = Path.GetRelativePath(root, folder);
        return relative == "." ? "." : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// A shard index names the shards; else <c>model.safetensors</c>, the single safetensors file, or several
    /// safetensors files taken as the shards of one model; else the largest GGUF.
    /// </summary>
    private static ScanModel Choose(string id, string folder)
    {
        var index = Path.Combine(folder, ShardIndexFile);
        if (File.Exists(index))
        {
            try
            {
                if (new FileInfo(index).Length > MaxIndexBytes)
                    return new ScanModel(id, folder, [], $"{ShardIndexFile} is larger than {MaxIndexBytes >> 20} MiB");
                var shards = ShardIndex.ShardFiles(File.ReadAllText(index)).Select(name => Path.Combine(folder, name)).ToList();
                var missing = shards.FirstOrDefault(s => !File.Exists(s));
                return missing is null
                    ? new ScanModel(id, folder, shards, null)
                    : new ScanModel(id, folder, [], $"{ShardIndexFile} names {Path.GetFileName(missing)}, which is not in the folder");
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                return new ScanModel(id, folder, [], $"{ShardIndexFile}: {OneLine(e.Message)}");
            }
        }
        var safetensors = WeightFiles(folder, "*.safetensors").Order(StringComparer.Ordinal).ToList();
        if (safetensors.FirstOrDefault(f => Path.GetFileName(f) == SingleFile) is { } single)
            return new ScanModel(id, folder, [single], null);
        if (safetensors.Count > 0)
            return new ScanModel(id, folder, safetensors, null); // one file, or shards without an index
        var gguf = WeightFiles(folder, "*.gguf").Select(f => new FileInfo(f)).OrderByDescending(f => f.Length).ThenBy(f => f.Name, StringComparer.Ordinal).First();
        return new ScanModel(id, folder, [gguf.FullName], null);
    }

    /// <summary>SHA-256 over the files' sorted SHA-256 (as the hub's LFS hashes are combined): equal for identical weights.</summary>
    public static async Task<string> ContentHashAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        var hashes = new List<string>(files.Count);
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
            hashes.Add(Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct)));
        }
        hashes.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join('\n', hashes))));
    }

    /// <summary>The upload time stand-in: the oldest last-write time (UTC) of the weight files.</summary>
    public static DateTime CreatedAt(IReadOnlyList<string> files) => files.Min(File.GetLastWriteTimeUtc);

    /// <summary>What README.md's front matter and mergekit_config.yml beside the weights declare; nothing when absent or unreadable.</summary>
    public static ScanDeclared Declared(string folder)
    {
        var card = CardFrontMatter.Parse(ReadText(Path.Combine(folder, "README.md")));
        var mergekit = ReadText(Path.Combine(folder, "mergekit_config.yml")) is { } yaml ? MergekitConfig.Parse(yaml).Method : null;
        return new ScanDeclared(card.BaseModels, mergekit);
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) && new FileInfo(path).Length <= MaxTextBytes ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
