using System.Text.Json;

namespace HubWatch.Hub.Cards;

/// <summary><c>model.safetensors.index.json</c>, where mergekit signs its output in <c>metadata.mergekit_version</c>.</summary>
public static class ShardIndex
{
    /// <summary>The <c>metadata.mergekit_version</c> string, or null when absent, not a string, or the JSON is broken.</summary>
    public static string? MergekitVersion(string? indexJson)
    {
        if (string.IsNullOrWhiteSpace(indexJson))
            return null;
        try
        {
            using var document = JsonDocument.Parse(indexJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("metadata", out var metadata)
                && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("mergekit_version", out var version)
                && version.ValueKind == JsonValueKind.String
                ? version.GetString()
                : null;
        }
        catch (JsonException)
        {
            // also thrown past JsonDocument's default depth limit (64)
            return null;
        }
    }

    /// <summary>Most shards an index may name (the largest public models have a few hundred).</summary>
    public const int MaxShards = 1000;

    /// <summary>
    /// The shard files a <c>weight_map</c> names, sorted and distinct, each a plain file name beside the index: an index is
    /// untrusted input and must not point elsewhere (<c>../</c>, sub-folders, hidden files).
    /// </summary>
    /// <exception cref="FormatException">Broken JSON, no weight map, or a name that is not a plain shard file.</exception>
    public static IReadOnlyList<string> ShardFiles(string indexJson)
    {
        List<string> names;
        try
        {
            using var index = JsonDocument.Parse(indexJson);
            if (index.RootElement.ValueKind != JsonValueKind.Object || !index.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new FormatException("the shard index has no weight_map object");
            names = [.. map.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : "").Distinct().Order(StringComparer.Ordinal)];
        }
        catch (JsonException e)
        {
            throw new FormatException($"the shard index is not valid JSON ({e.Message})", e);
        }
        var bad = names.FirstOrDefault(n => n.Length == 0 || n.Contains('/', StringComparison.Ordinal) || n.Contains('\\', StringComparison.Ordinal) || n.StartsWith('.'));
        return bad is null && names.Count is > 0 and <= MaxShards
            ? names
            : throw new FormatException($"the shard index names {(bad is null ? $"{names.Count} shards" : $"'{bad}'")}, not plain shard files beside it");
    }
}
