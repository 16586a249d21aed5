using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

/// <summary>mergekit <c>linear</c>: W = Σ wᵢ·Wᵢ / Σ wᵢ (normalize defaults to true), weights per tensor from gradients.</summary>
public sealed class LinearMergeWeights(IReadOnlyList<(ModelWeights Model, Gradient Weight)> inputs, bool normalize = true)
    : ModelWeights(inputs[0].Model.Architecture)
{
    public override double Scale(TensorSpec tensor) => inputs[0].Model.Scale(tensor);

    public double[] WeightsFor(TensorSpec tensor)
    {
        var weights = inputs.Select(i => i.Weight.ValueFor(tensor.Name, tensor.Layer, Architecture.Layers)).ToArray();
        var sum = weights.Sum();
        return normalize ? [.. weights.Select(w => w / sum)] : weights;
    }

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        var weights = WeightsFor(tensor);
        var scratch = new float[destination.Length];
        destination.Clear();
        for (var m = 0; m < inputs.Count; m++)
        {
            inputs[m].Model.Read(tensor, offset, scratch);
            var w = (float)weights[m];
            for (var i = 0; i < destination.Length; i++)
                destination[i] += w * scratch[i];
        }
    }
}
