namespace HubWatch.Domain.Lineage;

/// <summary>What was done to a parent's weights on the way to the model, as far as a verdict sees it.</summary>
public static class Transforms
{
    public const string Noise = "noise";
    public const string Permuted = "permuted";
    public const string Reordered = "reordered";
    public const string Renamed = "renamed";
    public const string Transposed = "transposed";
    public const string Quantized = "quantized";

    /// <summary>The transforms a verdict names.</summary>
    public static readonly IReadOnlyList<string> All = [Noise, Permuted, Reordered, Renamed, Transposed, Quantized];

    // Kinds of training the demo hub's truth records but no verdict names: the weights show them only as a fine-tune.
    public const string LowRank = "low-rank";
    public const string ContinuedPretraining = "continued-pretraining";
}
