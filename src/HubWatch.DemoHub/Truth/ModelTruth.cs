namespace HubWatch.DemoHub.Truth;

/// <summary>
/// What a demo model really is. Written to truth.json only; HubWatch's crawl, fingerprints and classifier never
/// read it — the evaluation does, to score them.
/// </summary>
public sealed record ModelTruth
{
    public required string Id { get; init; }

    /// <summary>independent, finetune, merge, quantized, copy or adapter.</summary>
    public required string Relation { get; init; }

    public ParentShare[] Parents { get; init; } = [];

    /// <summary>For merges: linear, slerp, task_arithmetic, ties, dare or passthrough (mergekit's name in <see cref="MergekitMethod"/>).</summary>
    public string? Method { get; init; }
    public string? MergekitMethod { get; init; }

    /// <summary>The base model of a task-arithmetic merge (ties, dare, task_arithmetic): deltas are taken against it.</summary>
    public string? MergeBase { get; init; }

    /// <summary>Merge weights per parent, slerp t, densities: as given to mergekit (gradients as their anchor lists).</summary>
    public Dictionary<string, double[]> Coefficients { get; init; } = [];

    /// <summary>noise, permuted, reordered, renamed, transposed, quantized, low-rank, continued-pretraining.</summary>
    public string[] Transforms { get; init; } = [];

    public required LicenseFacts License { get; init; }
    public required DeclaredFacts Declared { get; init; }

    /// <summary>The upload month (YYYY-MM), or null for a pre-2022-03 placeholder date.</summary>
    public string? Month { get; init; }
    public required string Architecture { get; init; }

    /// <summary>The realistic scenario's hard case it stands for ("finetune-light", "merge-ties", …), scored on its own; null elsewhere.</summary>
    public string? Case { get; init; }

    /// <summary>How its weights are published: "GGUF Q4_K_M", "safetensors BF16", "safetensors I8" (null in older truth files).</summary>
    public string? Format { get; init; }
}

/// <param name="Share">Share of the child's parameters attributed to the parent (sums to 1 over parents).</param>
public sealed record ParentShare(string Id, double Share);

/// <param name="Conflict">The declared licence breaks a parent's terms; <paramref name="Reason"/> says how.</param>
public sealed record LicenseFacts(string? Declared, string[] ParentLicenses, bool Conflict, string? Reason);

/// <summary>What the card and files claim, to be compared with <see cref="ModelTruth.Relation"/>.</summary>
public sealed record DeclaredFacts(
    string[] BaseModels,
    string? Relation,
    bool MergekitTags,
    bool MergekitConfig,
    bool ClaimsIndependent,
    bool DeclaresProvenance);
