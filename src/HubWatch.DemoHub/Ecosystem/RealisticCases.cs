namespace HubWatch.DemoHub.Ecosystem;

/// <summary>
/// The hard cases of the realistic scenario, each labelled in truth.json (<see cref="Truth.ModelTruth.Case"/>) and
/// scored on its own: what the Hub holds and the default demo made easy.
/// </summary>
public static class RealisticCases
{
    /// <summary>Separately trained models of one init scheme and recipe: alike in every statistic, fixed rotary buffers included.</summary>
    public const string IndependentSharedStructure = "independent-shared-structure";

    /// <summary>A student of another width distilled from a model: independent weights.</summary>
    public const string DistilledStudent = "distilled-student";

    /// <summary>SFT/DPO-sized changes: 0.3–3 % RMS, growing with depth, structured as training leaves it.</summary>
    public const string FinetuneLight = "finetune-light";

    /// <summary>The fine-tunes merges are made from: 5 % RMS in the first layer to 20 % in the last.</summary>
    public const string FinetuneModerate = "finetune-moderate";

    /// <summary>Layer similarity falling with depth from 0.93 to 0.46 (a measured real fine-tune).</summary>
    public const string FinetuneHeavy = "finetune-heavy";

    /// <summary>Tokens added: the embeddings and the head grow by 256 rows, then trained.</summary>
    public const string FinetuneVocabExtended = "finetune-vocab-extended";

    /// <summary>Fine-tunes of a base that was never uploaded: only their siblings are on the hub.</summary>
    public const string FinetuneUnseenBase = "finetune-unseen-base";

    /// <summary>SOLAR-style depth up-scaling (layers 0–5 and 2–7 of an 8-layer base stacked to 12), then trained.</summary>
    public const string DepthUpscaled = "depth-upscaled";

    /// <summary>The merge methods, over fine-tunes of one base (siblings), every parent on the hub: "merge-" + mergekit's name.</summary>
    public static readonly IReadOnlyList<string> MergeMethods =
        ["linear", "slerp", "task_arithmetic", "ties", "dare_ties", "della", "breadcrumbs", "model_stock", "nuslerp"];

    public const string ConverterTransposed = "converter-transposed";
    public const string ConverterAnonymous = "converter-anonymous";
    public const string ConverterSubset = "converter-subset";
    public const string ConverterGguf = "converter-gguf";

    public const string DisguisedPermuted = "disguised-permuted";
    public const string DisguisedReordered = "disguised-reordered";
    public const string DisguisedNoise = "disguised-noise";

    public static string Merge(string method) => "merge-" + method;
}
