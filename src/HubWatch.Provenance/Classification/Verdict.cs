using HubWatch.Domain.Lineage;
using HubWatch.Provenance.Escalation;

namespace HubWatch.Provenance.Classification;

/// <summary>A parent of a model, with the share of the model's parameters attributed to it.</summary>
/// <param name="PValue">Combined p-value of the similarity under independence (calibrated null, Holm-corrected over candidates).</param>
/// <param name="Similarity">Mean centred correlation of matched tensors' anchors.</param>
public sealed record ParentEvidence(string Id, double Share, double PValue, double Similarity);

/// <summary>One tensor of the model compared with a parent: where it came from and how strongly.</summary>
/// <param name="Correlation">Its anchor's centred correlation with <paramref name="ParentTensor"/>'s.</param>
/// <param name="ByParent">For a merge: its own correlation and z-score with each parent's tensor, in the verdict's parent order.</param>
public sealed record TensorEvidence(string Tensor, string? Parent, string? ParentTensor, double Correlation, double ZScore, int Layer, IReadOnlyList<TensorSimilarity>? ByParent = null);

/// <summary>One tensor's similarity to one parent's tensor in its slot.</summary>
public sealed record TensorSimilarity(string Parent, double Correlation, double ZScore);

/// <summary>Why the verdict says what it says, in numbers.</summary>
/// <param name="RelativeError">RMS(child − parent) / RMS(parent) over matched anchors (copies ≈ 0, quantised ≈ ½ step).</param>
/// <param name="Explained">Share of the child's anchor variance the parents explain (least squares R²).</param>
/// <param name="Candidates">Earlier models of the same width compared.</param>
public sealed record VerdictEvidence(
    double RelativeError,
    double Explained,
    int Candidates,
    int TensorsCompared,
    IReadOnlyList<TensorEvidence> Tensors,
    string Summary);

/// <summary>What HubWatch concludes about one model's origin from its weights.</summary>
/// <param name="Method">The merge method family (<see cref="MergeMethods"/>); null unless the relation is merge.</param>
/// <param name="Coefficients">Method coefficients as mergekit names them (<c>weight</c> per parent, slerp <c>t</c>, <c>density</c>).</param>
public sealed record Verdict(
    string ModelId,
    string Relation,
    IReadOnlyList<ParentEvidence> Parents,
    string? Method,
    IReadOnlyDictionary<string, double[]> Coefficients,
    IReadOnlyList<string> Transforms,
    VerdictEvidence Evidence)
{
    /// <summary>What to read of this model and a parent to decide what the screening sample could not; null when nothing would.</summary>
    public EscalationRequest? Escalation { get; init; }
}
