namespace HubWatch.Data.Entities;

/// <summary>A model repository as last crawled, with what its uploader declares about it.</summary>
public sealed class HubModel
{
    /// <summary>The hub's repository id, e.g. <c>meta-llama/Llama-3.1-8B</c>.</summary>
    public required string Id { get; set; }
    public string? Author { get; set; }
    public string? Sha { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastModified { get; set; }

    /// <summary><c>YYYY-MM</c> of the upload; null when the hub's createdAt predates its records (see UploadDate).</summary>
    public string? UploadMonth { get; set; }

    public string? PipelineTag { get; set; }
    public string? LibraryName { get; set; }
    public string? Gated { get; set; }
    public long Downloads { get; set; }
    public long Likes { get; set; }

    /// <summary>Licence as declared on the card, normalised to an SPDX-style id; null when the card declares none.</summary>
    public string? License { get; set; }

    /// <summary>The card's <c>license_name</c> for custom ("other") licences.</summary>
    public string? LicenseName { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<string> Datasets { get; set; } = [];
    public List<string> DeclaredBaseModels { get; set; } = [];

    /// <summary>adapter, merge, finetune or quantized: explicit on the card, else inferred as the Hub does.</summary>
    public string? DeclaredRelation { get; set; }
    public long? ParameterCount { get; set; }

    /// <summary>The config's first <c>architectures</c> class (e.g. <c>LlamaForCausalLM</c>), else its <c>model_type</c>.</summary>
    public string? Architecture { get; set; }

    /// <summary>The config's <c>quantization_config</c> object as JSON, as the API echoed it (null when none, or over 4,000 characters).</summary>
    public string? QuantizationConfig { get; set; }

    // What the repository's own files declare, read once per commit (see CardCheckedSha).
    public bool HasMergekitConfig { get; set; }
    public string? DeclaredMergeMethod { get; set; }
    public string? MergekitVersion { get; set; }

    /// <summary>
    /// <see cref="HubWatch.Domain.Hub.MergekitDeclaration"/> of the fields above, stored (EF writes what the getter says
    /// at every save) so the monthly recount counts it in SQL by the same rule the model page and the flags use.
    /// </summary>
    public bool DeclaresMergekit
    {
        get => HubWatch.Domain.Hub.MergekitDeclaration.Declares(HasMergekitConfig, MergekitVersion, Tags);
        private set { } // the getter is the truth; EF sets what it stored when it reads a row
    }

    /// <summary>The card says where the weights come from: a base model, or training from scratch.</summary>
    public bool StatesProvenance { get; set; }

    /// <summary>The card claims training from scratch (independent weights), which the weights can contradict.</summary>
    public bool ClaimsFromScratch { get; set; }

    /// <summary>The commit whose card and configs were read; differs from <see cref="Sha"/> while that is pending.</summary>
    public string? CardCheckedSha { get; set; }
    public string? CardError { get; set; }

    /// <summary>When the hub stopped knowing this id (404); the row stays, for history.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>When the refresh last asked the hub about this model directly.</summary>
    public DateTime? CheckedAt { get; set; }

    public DateTime FirstSeenAt { get; set; }
    public DateTime LastCrawledAt { get; set; }

    public List<ModelFile> Files { get; set; } = [];
}
