namespace HubWatch.Data.Entities;

/// <summary>
/// A step that keeps failing for one model, at one commit: how often in a row, the last one-line reason, and whether
/// the model is parked (quarantined). A parked model is skipped by that step until an admin releases it or the model
/// gets a new commit; a success removes the row.
/// </summary>
public sealed class ModelFault
{
    /// <summary>Reading the card and configs (<c>README.md</c>, <c>mergekit_config.yml</c>, the shard index).</summary>
    public const string Card = "card";

    /// <summary>Sampling the weights.</summary>
    public const string Fingerprint = "fingerprint";

    /// <summary>Storing what the listing says (the model row was kept with what could be read).</summary>
    public const string Listing = "listing";

    public required string ModelId { get; set; }
    public required string Step { get; set; }

    /// <summary>The commit the failures happened at; a new commit starts the count again.</summary>
    public string? Revision { get; set; }

    public int Failures { get; set; }
    public required string Reason { get; set; }
    public DateTime FirstFailedAt { get; set; }
    public DateTime LastFailedAt { get; set; }

    /// <summary>When the step gave up on the model; null while it is still tried (after the models without faults).</summary>
    public DateTime? QuarantinedAt { get; set; }
}
