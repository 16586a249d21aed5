using System.Security.Cryptography;
using System.Text;
using HubWatch.Application.Crawling;
using HubWatch.Data.Entities;

namespace HubWatch.Application.Fingerprinting;

/// <summary>Which of a repository's files hold the weights HubWatch samples, or why there are none it can read.</summary>
/// <param name="Index">A shard index to read for the shard names, or null.</param>
/// <param name="Files">The weight files (for a shard index: resolved once the index is read).</param>
public sealed record WeightFileChoice(string? Index, IReadOnlyList<string> Files, string? Unsupported)
{
    private static readonly string[] PickleExtensions = [".bin", ".pt", ".pth", ".ckpt", ".pkl"];

    /// <summary>
    /// A shard index first, then <c>model.safetensors</c>, any other top-level safetensors file (an adapter's too),
    /// then the largest GGUF (the finest quantisation of a repository that offers several). Pickle files are never
    /// deserialised, so a repository with only those cannot be fingerprinted.
    /// </summary>
    public static WeightFileChoice For(IReadOnlyList<ModelFile> files)
    {
        var top = files.Where(f => !f.Path.Contains('/', StringComparison.Ordinal)).ToList();
        if (top.Any(f => f.Path == CardReader.ShardIndexFile))
            return new WeightFileChoice(CardReader.ShardIndexFile, [], null);
        var safetensors = top.Where(f => f.Path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Path == "model.safetensors" ? 0 : 1).ThenByDescending(f => f.Size ?? 0).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (safetensors.Count > 0)
            return new WeightFileChoice(null, [safetensors[0].Path], null);
        var gguf = files.Where(f => f.Path.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(f => f.Size ?? 0).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (gguf.Count > 0)
            return new WeightFileChoice(null, [gguf[0].Path], null);
        return files.Any(f => PickleExtensions.Any(e => f.Path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            ? new WeightFileChoice(null, [], "pickle weights only (.bin/.pt are never deserialised)")
            : new WeightFileChoice(null, [], "no safetensors or GGUF weights");
    }

    /// <summary>SHA-256 over the files' sorted LFS sha256: equal for byte-identical weights; null when one is unknown.</summary>
    public static string? ContentHash(IReadOnlyList<ModelFile> all, IEnumerable<string> paths)
    {
        var byPath = all.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var hashes = new List<string>();
        foreach (var path in paths)
        {
            if (!byPath.TryGetValue(path, out var file) || string.IsNullOrEmpty(file.LfsSha256))
                return null;
            hashes.Add(file.LfsSha256.ToLowerInvariant());
        }
        if (hashes.Count == 0)
            return null;
        hashes.Sort(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(string.Join('\n', hashes))));
    }
}
