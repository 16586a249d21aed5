using System.Text.Json.Serialization;

namespace HubWatch.DemoHub.Weights;

/// <summary>One entry of a mergekit parameter: applies to tensors whose name contains <see cref="Filter"/> (all when null).</summary>
public sealed record GradientEntry(
    [property: JsonPropertyName("filter")] string? Filter,
    [property: JsonPropertyName("value")] double[] Value);

/// <summary>
/// A mergekit parameter value: a constant, a gradient list interpolated over layers, or filtered entries of either
/// (e.g. <c>t: [{filter: self_attn, value: [0, 0.5, 1]}, {value: 0.5}]</c>). Evaluated as mergekit's
/// <c>config.evaluate_setting</c>: position t = layer / (layers − 1), linear interpolation between anchors, the first
/// matching filter wins.
/// </summary>
public sealed record Gradient([property: JsonPropertyName("entries")] GradientEntry[] Entries)
{
    public static Gradient Constant(double value) => new([new GradientEntry(null, [value])]);

    public static Gradient Over(params double[] anchors) => new([new GradientEntry(null, anchors)]);

    /// <summary>The value for a tensor. Layer tensors are placed by depth; others are at t = 0 (current mergekit).</summary>
    public double ValueFor(string tensorName, int? layer, int layers)
    {
        var t = layer is { } l && layers > 1 ? (double)l / (layers - 1) : layer is null ? 0.0 : 1.0;
        var entry = Entries.FirstOrDefault(e => e.Filter is null or "*" || tensorName.Contains(e.Filter, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no value of this parameter applies to {tensorName}");
        return Interpolate(entry.Value, t);
    }

    public bool IsConstant => Entries.Length == 1 && Entries[0].Filter is null && Entries[0].Value.Length == 1;

    internal static double Interpolate(double[] anchors, double t)
    {
        if (anchors.Length == 1)
            return anchors[0];
        var scaled = t * (anchors.Length - 1);
        var low = (int)scaled;
        var high = Math.Min(anchors.Length - 1, low + 1);
        var fraction = scaled - low;
        return (1 - fraction) * anchors[low] + fraction * anchors[high];
    }
}
