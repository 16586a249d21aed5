using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubWatch.Hub.Api;

/// <summary>
/// One model as the Hugging Face Hub API describes it (<c>GET /api/models/{id}</c>, or an element of a list page).
/// List pages carry only the fields asked for with <c>expand[]</c>, so everything but the id is optional.
/// </summary>
public sealed record HubModelInfo
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("author")] public string? Author { get; init; }
    [JsonPropertyName("sha")] public string? Sha { get; init; }
    [JsonPropertyName("createdAt")] public DateTimeOffset? CreatedAt { get; init; }
    [JsonPropertyName("lastModified")] public DateTimeOffset? LastModified { get; init; }
    [JsonPropertyName("private")] public bool Private { get; init; }

    /// <summary><c>false</c>, or the gating mode ("auto", "manual") — the API sends either a bool or a string.</summary>
    [JsonPropertyName("gated"), JsonConverter(typeof(GatedConverter))] public string? Gated { get; init; }

    [JsonPropertyName("disabled")] public bool Disabled { get; init; }
    [JsonPropertyName("tags"), JsonConverter(typeof(StringOrListConverter))] public IReadOnlyList<string> Tags { get; init; } = [];
    [JsonPropertyName("pipeline_tag")] public string? PipelineTag { get; init; }
    [JsonPropertyName("library_name")] public string? LibraryName { get; init; }
    [JsonPropertyName("downloads")] public long Downloads { get; init; }
    [JsonPropertyName("likes")] public long Likes { get; init; }
    [JsonPropertyName("cardData")] public HubCardData? CardData { get; init; }
    [JsonPropertyName("siblings"), JsonConverter(typeof(SiblingListConverter))] public IReadOnlyList<HubSibling> Siblings { get; init; } = [];
    [JsonPropertyName("safetensors")] public HubSafetensorsInfo? Safetensors { get; init; }
    [JsonPropertyName("config")] public HubModelConfig? Config { get; init; }
}

/// <summary>The few fields of the repository's config.json the API echoes that HubWatch uses.</summary>
public sealed record HubModelConfig
{
    [JsonPropertyName("architectures"), JsonConverter(typeof(StringOrListConverter))]
    public IReadOnlyList<string> Architectures { get; init; } = [];

    [JsonPropertyName("model_type")] public string? ModelType { get; init; }

    /// <summary>How the weights were quantised (transformers' <c>quantization_config</c>), as the API echoes it: the packed formats' group size and act order.</summary>
    [JsonPropertyName("quantization_config")] public JsonElement? QuantizationConfig { get; init; }

    public string? Architecture => Architectures.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a)) ?? ModelType;
}

/// <summary>The model card's YAML front matter as the API echoes it. Authors write one value or a list.</summary>
public sealed record HubCardData
{
    [JsonPropertyName("license"), JsonConverter(typeof(StringOrListConverter))]
    public IReadOnlyList<string> License { get; init; } = [];

    [JsonPropertyName("license_name")] public string? LicenseName { get; init; }

    [JsonPropertyName("base_model"), JsonConverter(typeof(StringOrListConverter))]
    public IReadOnlyList<string> BaseModel { get; init; } = [];

    [JsonPropertyName("base_model_relation")] public string? BaseModelRelation { get; init; }

    [JsonPropertyName("datasets"), JsonConverter(typeof(StringOrListConverter))]
    public IReadOnlyList<string> Datasets { get; init; } = [];

    [JsonPropertyName("tags"), JsonConverter(typeof(StringOrListConverter))]
    public IReadOnlyList<string> CardTags { get; init; } = [];
}

/// <summary>A file of the repository; size and LFS hash come only from the tree endpoint or <c>blobs=true</c>.</summary>
public sealed record HubSibling
{
    [JsonPropertyName("rfilename")] public required string FileName { get; init; }
    [JsonPropertyName("size")] public long? Size { get; init; }
    [JsonPropertyName("lfs")] public HubLfsInfo? Lfs { get; init; }
}

public sealed record HubLfsInfo
{
    [JsonPropertyName("sha256")] public string? Sha256 { get; init; }
    [JsonPropertyName("size")] public long? Size { get; init; }
}

/// <summary>Parameter counts per dtype that the Hub reads from the safetensors headers.</summary>
public sealed record HubSafetensorsInfo
{
    [JsonPropertyName("parameters")] public IReadOnlyDictionary<string, long> Parameters { get; init; } = new Dictionary<string, long>();
    [JsonPropertyName("total")] public long Total { get; init; }
}
