using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

/// <summary>
/// An independently trained base: values with the statistics of trained weights rather than plain N(0, 1) —
/// role- and depth-dependent scales, per-row scale variation, heavy tails (excess kurtosis ≈ 4.5), norm gains
/// near 1 with a model-specific level. Two seeds give unrelated models (element-wise cosine ≈ 0).
/// </summary>
/// <param name="structure">
/// The seed of the init scheme and training recipe: per-row scales, the depth profile and the norm level. Models that
/// share it are unrelated value for value but alike in every statistic (the realistic scenario's independents, as
/// models trained by one codebase are); by default each model has its own.
/// </param>
public sealed class TrainedWeights(Architecture architecture, ulong seed, ulong? structure = null) : ModelWeights(architecture)
{
    /// <summary>Share of entries drawn with a wider scale: the heavy tail of trained weight distributions.</summary>
    private const double TailShare = 0.03;
    private const double TailWidth = 3.5;

    public ulong Seed { get; } = seed;

    private ulong Structure { get; } = structure ?? seed;

    public override double Scale(TensorSpec tensor)
    {
        var roleScale = tensor.Role switch
        {
            TensorRole.Embedding or TensorRole.LmHead => 0.02,
            TensorRole.AttentionQ or TensorRole.AttentionK => 0.035,
            TensorRole.AttentionV or TensorRole.AttentionO => 0.018,
            TensorRole.MlpGate or TensorRole.MlpUp => 0.022,
            TensorRole.MlpDown => 0.017,
            TensorRole.Router => 0.05,
            TensorRole.AttentionBias => 0.05,
            _ => 0.1, // norm gains vary by about 0.1 around their level
        };
        if (tensor.Layer is not { } layer)
            return roleScale;
        // deeper layers carry larger weights, with a model-specific wobble
        var depth = 1.0 + 0.3 * layer / Math.Max(1, Architecture.Layers - 1);
        return roleScale * depth * Math.Exp(0.1 * CounterRandom.Normal(CounterRandom.Key(Structure, "depth"), layer));
    }

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        var key = CounterRandom.Key(Seed, tensor.Name);
        var structureKey = CounterRandom.Key(Structure, tensor.Name);
        var scale = Scale(tensor);
        if (tensor.Role == TensorRole.Buffer)
        {
            RotaryInverseFrequencies(offset, destination);
            return;
        }
        if (tensor.Role is TensorRole.Norm or TensorRole.FinalNorm)
        {
            var level = 0.7 + 0.6 * CounterRandom.Uniform(structureKey, -1); // gains near 1, at a level of the recipe's own
            for (var i = 0; i < destination.Length; i++)
                destination[i] = (float)(level + scale * CounterRandom.Normal(key, offset + i));
            return;
        }

        var rowKey = CounterRandom.Key(structureKey, 1UL);
        var rowSpread = tensor.Role is TensorRole.Embedding or TensorRole.LmHead ? 0.4 : 0.2;
        var columns = tensor.Columns;
        var row = -1L;
        var rowScale = 0.0;
        for (var i = 0; i < destination.Length; i++)
        {
            var index = offset + i;
            var r = index / columns;
            if (r != row)
            {
                row = r;
                rowScale = scale * Math.Exp(rowSpread * CounterRandom.Normal(rowKey, r));
            }
            var hash = CounterRandom.Hash(key, index);
            var tail = (hash & 0xFFF) < TailShare * 4096 ? TailWidth : 1.0;
            destination[i] = (float)(rowScale * tail * CounterRandom.NormalFromHash(hash));
        }
    }

    /// <summary>Rotary embedding's inv_freq = 1 / 10000^(2i/d): a function of the head size alone, in every model alike.</summary>
    private void RotaryInverseFrequencies(long offset, Span<float> destination)
    {
        var headDim = Architecture.HeadDim;
        for (var i = 0; i < destination.Length; i++)
            destination[i] = (float)(1.0 / Math.Pow(10000, 2.0 * (offset + i) / headDim));
    }
}
