using HubWatch.Application.Classification;

namespace HubWatch.Application.Models;

/// <summary>
/// The verdict's per-tensor evidence folded by layer: how closely each parent's tensors match the child's, layer by
/// layer, beside the band an unrelated model would stay inside. A merge shows every parent far above the band through
/// all layers; a passthrough stack shows parents taking turns; an independent model shows nothing above it.
/// </summary>
/// <param name="Layers">Layer indices in order (tensors outside a layer — embeddings, final norm — are left out).</param>
/// <param name="Parents">Mean correlation per layer for each parent (NaN where it explains no tensor of that layer).</param>
/// <param name="NullBand">Three standard deviations of the correlation between unrelated weights, per layer.</param>
public sealed record LayerProfile(IReadOnlyList<int> Layers, IReadOnlyDictionary<string, double[]> Parents, double[] NullBand)
{
    /// <summary>How many standard deviations of the null the band spans.</summary>
    public const double BandSigmas = 3;

    public static LayerProfile From(IReadOnlyList<TensorEvidence> tensors)
    {
        var inLayers = tensors.Where(t => t.Layer >= 0).ToList();
        var layers = inLayers.Select(t => t.Layer).Distinct().Order().ToList();
        var index = layers.Select((layer, i) => (layer, i)).ToDictionary(x => x.layer, x => x.i);
        var parents = inLayers.Where(t => t.Parent is not null).GroupBy(t => t.Parent!).ToDictionary(g => g.Key, g =>
        {
            var means = Enumerable.Repeat(double.NaN, layers.Count).ToArray();
            foreach (var layer in g.GroupBy(t => t.Layer))
                means[index[layer.Key]] = layer.Average(t => t.Correlation);
            return means;
        });
        // z = r / σ₀ with σ₀ the null's standard deviation for that tensor's sample, so σ₀ = r / z
        var band = layers.Select(layer => inLayers.Where(t => t.Layer == layer && Math.Abs(t.ZScore) > 1e-9)
            .Select(t => BandSigmas * Math.Abs(t.Correlation / t.ZScore)).DefaultIfEmpty(double.NaN).Average()).ToArray();
        return new LayerProfile(layers, parents, band);
    }
}
