using System.Collections.Concurrent;
using HubWatch.DemoHub.Models;

namespace HubWatch.DemoHub.Weights;

/// <summary>
/// mergekit <c>model_stock</c> (Jang et al. 2024): per tensor, cos θ = the mean pairwise cosine of the fine-tunes' deltas
/// from the base, t = k·cos θ / (1 + (k − 1)·cos θ), and W = t·mean(Wᵢ) + (1 − t)·B. The angle comes from a
/// <see cref="TensorSample"/>.
/// </summary>
public sealed class ModelStockWeights(ModelWeights baseModel, IReadOnlyList<ModelWeights> models) : ModelWeights(baseModel.Architecture)
{
    private readonly ConcurrentDictionary<string, double> _t = new();

    public override double Scale(TensorSpec tensor) => baseModel.Scale(tensor);

    /// <summary>The weight of the fine-tunes' average in this tensor.</summary>
    public double TFor(TensorSpec tensor) => _t.GetOrAdd(tensor.Name, _ =>
    {
        var sample = TensorSample.Of(tensor);
        var b = sample.Read(baseModel);
        var deltas = models.Select(m => sample.Read(m).Select((v, i) => (double)v - b[i]).ToArray()).ToList();
        var (sum, pairs) = (0.0, 0);
        for (var i = 0; i < deltas.Count; i++)
        {
            for (var j = i + 1; j < deltas.Count; j++, pairs++)
                sum += Cosine(deltas[i], deltas[j]);
        }
        var cos = pairs == 0 ? 0 : sum / pairs;
        var k = models.Count;
        return k * cos / (1 + (k - 1) * cos);
    });

    protected override void Compute(TensorSpec tensor, long offset, Span<float> destination)
    {
        var t = TFor(tensor);
        var scratch = new float[destination.Length];
        baseModel.Read(tensor, offset, destination);
        for (var i = 0; i < destination.Length; i++)
            destination[i] *= (float)(1 - t);
        foreach (var model in models)
        {
            model.Read(tensor, offset, scratch);
            for (var i = 0; i < destination.Length; i++)
                destination[i] += (float)(t / models.Count * scratch[i]);
        }
    }

    private static double Cosine(double[] a, double[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa < 1e-20 || bb < 1e-20 ? 0 : ab / Math.Sqrt(aa * bb);
    }
}
