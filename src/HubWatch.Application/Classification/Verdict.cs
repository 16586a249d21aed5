namespace HubWatch.Application.Classification;

/// <summary>The relations a verdict can state (one per model).</summary>
public static class Relations
{
    public const string Independent = "independent";
    public const string Finetune = "finetune";
    public const string Merge = "merge";
    public const string Quantized = "quantized";
    public const string Copy = "copy";
    public const string Adapter = "adapter";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Independent, Finetune, Merge, Quantized, Copy, Adapter, Unknown];

    /// <summary>Relations that name a parent: everything but independent and unknown.</summary>
    public static bool IsDerived(string relation) => relation is not (Independent or Unknown);
}

/// <summary>Merge method families (mergekit's names; dare_ties and dare_linear are both <c>dare</c>).</summary>
public static class MergeMethods
{
    public const string Linear = "linear";
    public const string Slerp = "slerp";
    public const string TaskArithmetic = "task_arithmetic";
    public const string Ties = "ties";
    public const string Dare = "dare";
    public const string Passthrough = "passthrough";
}

/// <summary>Transforms seen between a model and its parent.</summary>
public static class Transforms
{
    public const string Noise = "noise";
    public const string Permuted = "permuted";
    public const string Reordered = "reordered";
    public const string Renamed = "renamed";
    public const string Transposed = "transposed";
    public const string Quantized = "quantized";
}

/// <summary>A parent of a model, with the share of the model's parameters attributed to it.</summary>
/// <param name="PValue">Combined p-value of the similarity under independence (calibrated null, Holm-corrected over candidates).</param>
/// <param name="Similarity">Mean centred correlation of matched tensors' anchors.</param>
public sealed record ParentEvidence(string Id, double Share, double PValue, double Similarity);

/// <summary>One tensor of the model compared with a parent: where it came from and how strongly.</summary>
public sealed record TensorEvidence(string Tensor, string? Parent, string? ParentTensor, double Correlation, double ZScore, int Layer);

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
/// <param name="Direction">Why the parent is the parent: "upload order", "span", "kurtosis".</param>
public sealed record Verdict(
    string ModelId,
    string Relation,
    IReadOnlyList<ParentEvidence> Parents,
    string? Method,
    IReadOnlyDictionary<string, double[]> Coefficients,
    IReadOnlyList<string> Transforms,
    VerdictEvidence Evidence,
    string Direction = "upload order");
