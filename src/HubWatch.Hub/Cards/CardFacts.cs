namespace HubWatch.Hub.Cards;

/// <summary>
/// What a model card declares about where the model comes from. Declared, not verified: cards are edited by
/// uploaders and the weights are the detected truth.
/// </summary>
public sealed record CardFacts
{
    /// <summary>True when the card opens with a <c>---</c> … <c>---</c> block, even one whose YAML is broken.</summary>
    public bool HasFrontMatter { get; init; }

    /// <summary>One line saying why the front matter could not be read; null when it could (or there is none).</summary>
    public string? Error { get; init; }

    /// <summary>The <c>license</c> as a Hub id (see <see cref="Licenses.Normalise"/>).</summary>
    public string? License { get; init; }

    /// <summary>The card's <c>license_name</c>, which names the licence when <see cref="License"/> is "other".</summary>
    public string? LicenseName { get; init; }

    /// <summary>Hub repositories in <c>base_model</c> (one id or a list), in card order.</summary>
    public IReadOnlyList<string> BaseModels { get; init; } = [];

    /// <summary>Entries of <c>base_model</c> that are paths on the uploader's machine (<see cref="ModelReference.IsLocalPath"/>).</summary>
    public IReadOnlyList<string> LocalBaseModels { get; init; } = [];

    /// <summary><c>base_model_relation</c> in lower case when it is one the Hub accepts (adapter, merge, finetune, quantized).</summary>
    public string? BaseModelRelation { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> Datasets { get; init; } = [];

    public string? LibraryName { get; init; }

    public string? PipelineTag { get; init; }

    /// <summary>The body says the model was trained from scratch (see <see cref="CardProse"/>).</summary>
    public bool ClaimsFromScratch { get; init; }

    /// <summary>
    /// The card says where the model comes from: a hub <c>base_model</c>, a from-scratch claim, or a base named in
    /// prose (see <see cref="CardProse"/>). False is the "no declared provenance" of the trend charts.
    /// </summary>
    public bool StatesProvenance { get; init; }
}
