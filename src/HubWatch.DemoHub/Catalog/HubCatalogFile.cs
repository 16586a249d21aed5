using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubWatch.DemoHub.Catalog;

/// <summary>hub.json: what a generated demo hub serves. The ground truth lives apart, in truth.json.</summary>
public sealed record HubCatalogFile
{
    public const string FileName = "hub.json";
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required ulong Seed { get; init; }
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>Shown wherever demo data appear: a synthetic scenario, not a live hub.</summary>
    public required string Description { get; init; }
    public required HubRepo[] Repos { get; init; }

    /// <summary>
    /// Recipes of models others were made from that were never uploaded (a fine-tune's private base, a merge's unreleased
    /// parents, a depth up-scale before its training): the server computes from them and serves none.
    /// </summary>
    public Dictionary<string, Recipes.WeightRecipe> Unpublished { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
