using HubWatch.Provenance.Escalation;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Classification;

/// <summary>What the classifier knows of one model: its weights' fingerprint and when it appeared.</summary>
/// <param name="Fingerprint">Null when the weights could not be read (no verdict beyond unknown).</param>
/// <param name="SameBytesAs">Another model whose weight files have the same LFS hashes (an exact copy either way).</param>
public sealed record ClassifiableModel(string Id, DateTime CreatedAt, ModelFingerprint? Fingerprint, string? SameBytesAs = null)
{
    /// <summary>The base models its card names: where one has no fingerprint, a related model may be its sibling, not its parent.</summary>
    public IReadOnlyList<string> DeclaredBases { get; init; } = [];

    /// <summary>What earlier escalations read of this model and a candidate parent (<see cref="Verdict.Escalation"/>).</summary>
    public IReadOnlyList<EscalationResult> Escalations { get; init; } = [];
}
