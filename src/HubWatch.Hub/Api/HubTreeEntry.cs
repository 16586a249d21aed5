using System.Text.Json.Serialization;

namespace HubWatch.Hub.Api;

/// <summary>A file of a repository at a revision (<c>GET /api/models/{id}/tree/{rev}</c>).</summary>
public sealed record HubTreeEntry
{
    [JsonPropertyName("type")] public string Type { get; init; } = "file";
    [JsonPropertyName("path")] public required string Path { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }

    /// <summary>The git blob id.</summary>
    [JsonPropertyName("oid")] public string? Oid { get; init; }

    /// <summary>Set for files stored in LFS (weights): their sha256 and size.</summary>
    [JsonPropertyName("lfs")] public HubLfsPointer? Lfs { get; init; }
}

public sealed record HubLfsPointer
{
    [JsonPropertyName("oid")] public string? Sha256 { get; init; }
    [JsonPropertyName("size")] public long Size { get; init; }
}
