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
}
