using System.Collections.Concurrent;
using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

/// <summary>
/// mergekit <c>nuslerp</c> with a base model: slerp between the two fine-tunes' task vectors δᵢ = Wᵢ − B (flattened,
/// t = w₁ / (w₀ + w₁)), added back to the base. The angle comes from a <see cref="TensorSample"/>.
/// </summary>
public sealed class NuSlerpWeights(ModelWeights baseModel, ModelWeights first, ModelWeights second, Gradient t) : ModelWeights(baseModel.Architecture)
{
    private readonly ConcurrentDictionary<string, (double S0, double S1)> _coefficients = new();

    public override double Scale(TensorSpec tensor) => baseModel.Scale(tensor);

    public (double S0, double S1) CoefficientsFor(TensorSpec tensor) => _coefficients.GetOrAdd(tensor.Name, _ =>
    {
        var sample = TensorSample.Of(tensor);
        var b = sample.Read(baseModel);
        float[] Delta(ModelWeights m) => [.. sample.Read(m).Select((v, i) => v - b[i])];
        return SlerpWeights.Coefficients(Delta(first), Delta(second), t.ValueFor(tensor.Name, tensor.Layer, Architecture.Layers));
    });

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        var (s0, s1) = CoefficientsFor(tensor);
        var (b, x, y) = (new float[destination.Length], new float[destination.Length], new float[destination.Length]);
        baseModel.Read(tensor, offset, b);
        first.Read(tensor, offset, x);
        second.Read(tensor, offset, y);
        for (var i = 0; i < destination.Length; i++)
            destination[i] = (float)(b[i] + s0 * (x[i] - b[i]) + s1 * (y[i] - b[i]));
    }
}
