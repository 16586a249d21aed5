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

    /// <summary>Licence as declared on the card (lower case), or null when the card declares none.</summary>
    public string? License { get; set; }
    public List<string> Tags { get; set; } = [];
    public List<string> DeclaredBaseModels { get; set; } = [];
    public string? DeclaredRelation { get; set; }
    public long? ParameterCount { get; set; }

    public DateTime FirstSeenAt { get; set; }
    public DateTime LastCrawledAt { get; set; }

    public List<ModelFile> Files { get; set; } = [];
}
