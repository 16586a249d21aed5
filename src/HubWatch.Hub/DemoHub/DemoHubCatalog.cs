using System.Globalization;
using System.Text.Json.Nodes;

namespace HubWatch.Hub.DemoHub;

/// <summary>A model the demo hub serves: its API document and the keys its listing sorts on.</summary>
public sealed record DemoHubModel(string Id, string MongoId, DateTimeOffset CreatedAt, JsonObject Document);

/// <summary>
/// What the demo hub serves, newest first. Today: the real model-info documents recorded from huggingface.co
/// (embedded, see DemoHub/Recorded/MANIFEST.md); the synthetic ecosystem generator will add its own catalogs.
/// </summary>
public sealed class DemoHubCatalog
{
    private readonly Dictionary<string, DemoHubModel> _byId;

    public DemoHubCatalog(IEnumerable<DemoHubModel> models)
    {
        Models = [.. models.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.MongoId, StringComparer.Ordinal)];
        _byId = Models.ToDictionary(m => m.Id, StringComparer.Ordinal);
    }

    /// <summary>Newest first, ties broken by the Mongo-style <c>_id</c> as the Hub does.</summary>
    public IReadOnlyList<DemoHubModel> Models { get; }

    /// <summary>Tells that the data are not a live hub; shown wherever demo data appear.</summary>
    public string Description { get; init; } = "Demo hub: recorded real Hugging Face API responses";

    public DemoHubModel? Find(string id) => _byId.GetValueOrDefault(id);

    public static DemoHubCatalog Recorded()
    {
        var assembly = typeof(DemoHubCatalog).Assembly;
        const string prefix = "HubWatch.Hub.DemoHub.Recorded.";
        var models = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                return FromDocument(JsonNode.Parse(stream)!.AsObject());
            });
        return new DemoHubCatalog(models);
    }

    public static DemoHubModel FromDocument(JsonObject document)
    {
        var id = (string?)document["id"] ?? throw new InvalidDataException("a demo hub document has no id");
        var createdAt = DateTimeOffset.Parse((string?)document["createdAt"] ?? "2022-03-02T23:29:04Z", CultureInfo.InvariantCulture);
        var mongoId = (string?)document["_id"] ?? id;
        return new DemoHubModel(id, mongoId, createdAt, document);
    }
}
