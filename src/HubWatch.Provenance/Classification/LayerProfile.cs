using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Classification;

/// <summary>One tensor of the child compared with one parent: its layer, correlation and z-score over the null.</summary>
public readonly record struct LayerPoint(string Parent, int Layer, double Correlation, double ZScore);

/// <summary>
/// How closely each parent's weights match the child's, layer by layer, beside the band an unrelated model would stay
/// inside. A merge shows every parent far above the band through all layers; a passthrough stack shows parents taking
/// turns; a fine-tune shows one parent near 1.
/// </summary>
/// <param name="Layers">Layer indices in order (tensors outside a layer — embeddings, final norm — are left out).</param>
/// <param name="Parents">Mean correlation per layer for each parent (null where no tensor of that layer was compared).</param>
/// <param name="NullBand">Three standard deviations of the correlation between unrelated weights, per layer.</param>
public sealed record LayerProfile(IReadOnlyList<int> Layers, IReadOnlyDictionary<string, double?[]> Parents, double?[] NullBand)
{
    /// <summary>How many standard deviations of the null the band spans.</summary>
    public const double BandSigmas = 3;

    /// <summary>
    /// The child compared with each parent tensor by tensor, the way the classifier compares them (<see cref="PairComparison"/>).
    /// </summary>
    /// <returns>Null when no tensor of the child matched one of a parent's.</returns>
    public static LayerProfile? Compare(ModelFingerprint child, IReadOnlyDictionary<string, ModelFingerprint> parents)
    {
        var prepared = new PreparedModel(new ClassifiableModel("", DateTime.MinValue, child), 1);
        var points = parents.SelectMany(parent => PairComparison.Of(prepared, new PreparedModel(new ClassifiableModel(parent.Key, DateTime.MinValue, parent.Value), 0))
            .Matches.Where(m => m.Parent is not null)
            .Select(m => new LayerPoint(parent.Key, m.Child.Slot.Layer, m.Correlation, m.ZScore))).ToList();
        return points.Count == 0 ? null : From(points);
    }

    public static LayerProfile From(IEnumerable<LayerPoint> points)
    {
        var inLayers = points.Where(p => p.Layer >= 0).ToList();
        var layers = inLayers.Select(p => p.Layer).Distinct().Order().ToList();
        var parents = inLayers.GroupBy(p => p.Parent).ToDictionary(g => g.Key, g =>
        {
            var byLayer = g.GroupBy(p => p.Layer).ToDictionary(l => l.Key, l => l.Average(p => p.Correlation));
            return layers.Select(layer => byLayer.TryGetValue(layer, out var mean) ? mean : (double?)null).ToArray();
        });
        // z = r / σ₀ with σ₀ the null's standard deviation for that tensor's sample, so σ₀ = r / z
        var band = layers.Select(layer => inLayers.Where(p => p.Layer == layer && Math.Abs(p.ZScore) > 1e-9)
            .Select(p => BandSigmas * Math.Abs(p.Correlation / p.ZScore)).DefaultIfEmpty().Average() is var sigma && sigma > 0 ? sigma : (double?)null).ToArray();
        return new LayerProfile(layers, parents, band);
    }
}
