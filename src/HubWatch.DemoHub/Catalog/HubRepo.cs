using System.Text.Json.Nodes;
using HubWatch.DemoHub.Recipes;

namespace HubWatch.DemoHub.Catalog;

/// <summary>
/// One model repository of the demo hub: what the Hub API says about it, its files, and the recipe its weights are
/// computed from. Written to <c>hub.json</c> by the generator; the server reads nothing else (never the truth).
/// </summary>
public sealed record HubRepo
{
    public required string Id { get; init; }
    public required string Author { get; init; }

    /// <summary>A Mongo ObjectId as the Hub's <c>_id</c>: its first four bytes are the creation second.</summary>
    public required string MongoId { get; init; }

    /// <summary>The git commit of the main branch.</summary>
    public required string Sha { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset LastModified { get; init; }
    public long Downloads { get; init; }
    public long Likes { get; init; }
    public string[] Tags { get; init; } = [];
    public string? PipelineTag { get; init; } = "text-generation";
    public string? LibraryName { get; init; }

    /// <summary>The card's front matter as the API echoes it in <c>cardData</c>.</summary>
    public JsonObject CardData { get; init; } = [];

    /// <summary>config.json as the API echoes it in <c>config</c> (a subset).</summary>
    public JsonObject? Config { get; init; }

    /// <summary>The architecture name (see Models.Architectures) and its layer count, which layer stacking changes.</summary>
    public required string Architecture { get; init; }
    public required int Layers { get; init; }

    public required WeightRecipe Recipe { get; init; }
    public RepoFile[] Files { get; init; } = [];

    /// <summary>The id this repository had before it was renamed; the hub answers 307 there.</summary>
    public string? RenamedFrom { get; init; }
}
