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

    public static readonly IReadOnlyList<string> All = [Noise, Permuted, Reordered, Renamed, Transposed, Quantized];
}
