using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Declarations;

namespace HubWatch.Application.Models;

/// <summary>What the model page shows: declared facts, the verdict with its evidence and history, the fingerprint's cost, lineage.</summary>
public sealed record ModelDetail(
    ModelRow Model,
    DeclaredFacts Declared,
    VerdictView? Verdict,
    IReadOnlyList<VerdictVersion> History,
    FingerprintView? Fingerprint,
    IReadOnlyList<string> Ancestors,
    IReadOnlyList<ModelRow> Descendants,
    IReadOnlyList<StepProblem> Problems);

/// <summary>
/// A step that failed for this model: its card refused for this commit, or a step failing again and again (parked when
/// <see cref="ParkedAt"/> is set, until an admin releases it or a new commit arrives).
/// </summary>
public sealed record StepProblem(string Step, string Reason, int Failures, DateTime? LastFailedAt, DateTime? ParkedAt);

public sealed record DeclaredFacts(IReadOnlyList<string> BaseModels, string? Relation, bool Mergekit, string? MergeMethod, bool ClaimsFromScratch, string? License, IReadOnlyList<string> Tags);

public sealed record VerdictView(
    int Version,
    DateTime CreatedAt,
    string Relation,
    string? Method,
    IReadOnlyList<ParentEvidence> Parents,
    IReadOnlyDictionary<string, double[]> Coefficients,
    IReadOnlyList<string> Transforms,
    VerdictEvidence Evidence,
    IReadOnlyList<DeclarationFlag> Flags);

public sealed record VerdictVersion(int Version, DateTime CreatedAt, string Relation, string Summary);

public sealed record FingerprintView(string Revision, string Status, string? Error, string? Format, string? Files, string? ContentHash, string? SameBytesAs,
    long BytesRead, int Requests, long? FileBytes, double Seconds, long? Parameters, string? Unread = null, long? UnreadParameters = null);
