using HubWatch.Domain.Lineage;

namespace HubWatch.Provenance.Declarations;

/// <summary>What a model's card and files declare about its origin, as the crawl read them.</summary>
/// <param name="BaseModels">The card's <c>base_model</c> ids.</param>
/// <param name="Relation">The declared <c>base_model_relation</c> (explicit, or as the Hub infers it), if any.</param>
/// <param name="DeclaresMergekit">See <see cref="HubWatch.Domain.Hub.MergekitDeclaration"/>.</param>
/// <param name="ClaimsFromScratch">The card says the model was trained from scratch.</param>
/// <param name="License">SPDX-style id, as the crawl normalises it.</param>
public sealed record DeclaredProvenance(IReadOnlyList<string> BaseModels, string? Relation, bool DeclaresMergekit, bool ClaimsFromScratch, string? License)
{
    public static readonly DeclaredProvenance Nothing = new([], null, false, false, null);

    public bool DeclaresBaseModel => BaseModels.Count > 0;

    /// <summary>The card says the model is a merge: by its relation or by mergekit.</summary>
    public bool DeclaresMerge => Relation == Relations.Merge || DeclaresMergekit;
}
