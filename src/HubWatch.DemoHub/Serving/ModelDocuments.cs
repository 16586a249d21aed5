using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Models;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Safetensors;

namespace HubWatch.DemoHub.Serving;

/// <summary>
/// The Hub API's JSON for a repository, field for field in the shapes of the recorded real responses
/// (<c>GET /api/models/{id}</c>; list elements carry ids plus the fields asked for with <c>expand[]</c>).
/// </summary>
public sealed class ModelDocuments(GeneratedHub hub)
{
    /// <summary>What a list element holds when no expand[] is given (as the real Hub answers).</summary>
    public static readonly string[] DefaultListFields =
        ["_id", "id", "likes", "downloads", "private", "pipeline_tag", "library_name", "tags", "createdAt", "modelId"];

    // keyed by instance: an edited repository is a new record and gets a new document
    private readonly ConcurrentDictionary<HubRepo, JsonObject> _full = new(ReferenceEqualityComparer.Instance);

    /// <summary>The full model info document. Built once per repository; callers get a copy.</summary>
    public JsonObject Full(HubRepo repo) => (JsonObject)_full.GetOrAdd(repo, Build).DeepClone();

    /// <summary>A list element: ids and the expanded fields, or the default set.</summary>
    public JsonObject ListElement(HubRepo repo, IReadOnlyCollection<string> expand)
    {
        var full = _full.GetOrAdd(repo, Build);
        var element = new JsonObject();
        foreach (var field in (expand.Count == 0 ? DefaultListFields : ["_id", "id", .. expand]).Distinct())
        {
            if (full.TryGetPropertyValue(field, out var value))
                element[field] = value?.DeepClone();
        }
        return element;
    }

    private JsonObject Build(HubRepo repo)
    {
        var document = new JsonObject
        {
            ["_id"] = repo.MongoId,
            ["id"] = repo.Id,
            ["modelId"] = repo.Id,
            ["author"] = repo.Author,
            ["sha"] = repo.Sha,
            ["lastModified"] = Timestamp(repo.LastModified),
            ["createdAt"] = Timestamp(repo.CreatedAt),
            ["private"] = false,
            ["gated"] = false,
            ["disabled"] = false,
            ["tags"] = new JsonArray([.. repo.Tags.Select(t => (JsonNode)t)]),
            ["pipeline_tag"] = repo.PipelineTag,
            ["library_name"] = repo.LibraryName,
            ["downloads"] = repo.Downloads,
            ["likes"] = repo.Likes,
            ["cardData"] = repo.CardData.DeepClone(),
            ["siblings"] = new JsonArray([.. repo.Files.Select(f => (JsonNode)new JsonObject { ["rfilename"] = f.Path })]),
            ["spaces"] = new JsonArray(),
            ["usedStorage"] = repo.Files.Sum(f => hub.SizeOf(repo, f)),
        };
        if (repo.Config is { } config)
            document["config"] = config.DeepClone();
        var weights = repo.Files.Where(f => f.Weights is not null).ToList();
        if (weights.Any(f => f.Weights!.Format == WeightFormat.Gguf))
            document["gguf"] = Gguf(repo);
        else if (weights.Count > 0)
            document["safetensors"] = Safetensors(repo, weights);
        if (repo.LibraryName is null)
            document.Remove("library_name");
        return document;
    }

    /// <summary>Parameter counts per dtype over the stored tensors, as the Hub reads them from the headers.</summary>
    private JsonObject Safetensors(HubRepo repo, List<RepoFile> files)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var (tensor, _, _) in hub.LayoutOf(repo, file).Tensors)
            {
                var dtype = SafetensorsDtypes.Of(tensor.Type);
                counts[dtype] = counts.GetValueOrDefault(dtype) + tensor.Elements;
            }
        }
        return new JsonObject
        {
            ["parameters"] = new JsonObject([.. counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]),
            ["total"] = counts.Values.Sum(),
        };
    }

    private static JsonObject Gguf(HubRepo repo)
    {
        var arch = Architectures.Named(repo.Architecture) with { Layers = repo.Layers };
        return new JsonObject
        {
            ["total"] = arch.ParameterCount,
            ["architecture"] = arch.ModelType == "qwen2" ? "qwen2" : "llama",
            ["context_length"] = 2048,
        };
    }

    public static string Timestamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
