namespace HubWatch.Data.Entities;

/// <summary>
/// One version of HubWatch's verdict on a model. A new row is written only when the verdict or its flags change (a
/// new candidate, a new commit, an edited card); the earlier rows stay as the history, <see cref="Current"/> marks the
/// latest.
/// </summary>
public sealed class ModelVerdict
{
    public long Id { get; set; }
    public required string ModelId { get; set; }
    public int Version { get; set; }
    public bool Current { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The commit whose fingerprint was judged (null when there was none).</summary>
    public string? Revision { get; set; }

    public required string Relation { get; set; }
    public string? Method { get; set; }

    /// <summary>The parent with the largest share, for queries and lineage; all parents are in <see cref="ParentsJson"/>.</summary>
    public string? TopParentId { get; set; }
    public List<string> Transforms { get; set; } = [];

    /// <summary>The verdict in one sentence, as the model page shows it.</summary>
    public required string Summary { get; set; }

    public required string ParentsJson { get; set; }
    public required string CoefficientsJson { get; set; }
    public required string EvidenceJson { get; set; }

    /// <summary>Where the card and the weights disagree: kinds and reasons, as JSON.</summary>
    public required string FlagsJson { get; set; }
    public int FlagCount { get; set; }
    public bool UndeclaredDerivative { get; set; }
    public bool LicenseConflict { get; set; }
}
