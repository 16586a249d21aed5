using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Weights;

namespace HubWatch.DemoHub.Files;

/// <summary>
/// AWQ's activation-aware scales, folded into the weights before rounding as AutoAWQ's <c>apply_scale</c> does for a
/// Llama block: the inputs of q/k/v multiplied by one scale per channel and <c>input_layernorm</c> divided by it; of
/// gate/up likewise with <c>post_attention_layernorm</c>; of down_proj with <c>up_proj</c>'s rows divided (o_proj is
/// scaled only when v_proj has its shape, which grouped-query attention rules out). The model computes the same
/// function, but its matrices are no longer the original's value for value. AutoAWQ takes a scale from each channel's
/// mean activation (mean^α, normalised to a geometric mean of 1); here, with no activations, a log-normal spread
/// (σ 0.5) per layer, point and channel, the same for every copy of an architecture. AWQ's clipping search is not
/// reproduced.
/// </summary>
internal static class AwqScales
{
    private const double Spread = 0.5;
    private static readonly ulong Key = CounterRandom.Key(0xA3C5, "awq activation scales");

    /// <summary>Where a scale is folded: the attention's input, the MLP's input, down_proj's input.</summary>
    private enum Point { AttentionInput, MlpInput, DownInput }

    /// <summary>What input <paramref name="column"/> of a linear layer is multiplied by.</summary>
    public static float Column(TensorSpec spec, long column) => spec.Role switch
    {
        TensorRole.AttentionQ or TensorRole.AttentionK or TensorRole.AttentionV => Of(spec, Point.AttentionInput, column),
        TensorRole.MlpGate or TensorRole.MlpUp => Of(spec, Point.MlpInput, column),
        TensorRole.MlpDown => Of(spec, Point.DownInput, column),
        _ => 1,
    };

    /// <summary>What output <paramref name="row"/> of a linear layer is divided by: up_proj's feed down_proj.</summary>
    public static float Row(TensorSpec spec, long row) => spec.Role == TensorRole.MlpUp ? Of(spec, Point.DownInput, row) : 1;

    /// <summary>What element <paramref name="index"/> of a layer's norm gain is divided by.</summary>
    public static float Norm(TensorSpec spec, long index) => spec.Role != TensorRole.Norm ? 1
        : Of(spec, spec.Name.Contains("input_layernorm", StringComparison.Ordinal) ? Point.AttentionInput : Point.MlpInput, index);

    private static float Of(TensorSpec spec, Point point, long channel) =>
        (float)Math.Exp(Spread * CounterRandom.Normal(CounterRandom.Key(Key, (ulong)(((spec.Layer ?? 0) * 3) + (int)point)), channel));
}
