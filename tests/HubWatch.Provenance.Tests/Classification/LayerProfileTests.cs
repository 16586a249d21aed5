using HubWatch.Provenance.Classification;

namespace HubWatch.Provenance.Tests.Classification;

public sealed class LayerProfileTests
{
    [Fact]
    public void Folds_tensors_by_layer_and_parent_with_the_null_band_from_each_tensors_own_z()
    {
        // r = 0.9 at z = 90 means σ₀ = 0.01: the band is 3σ₀ = 0.03
        LayerPoint[] tensors =
        [
            new("a/base", -1, 0.99, 99),
            new("a/base", 0, 0.9, 90),
            new("a/base", 0, 0.7, 70),
            new("b/base", 1, 0.5, 25),
            new("b/base", 1, 0.01, 0.5),
        ];

        var profile = LayerProfile.From(tensors);

        Assert.Equal([0, 1], profile.Layers);
        Assert.Equal(0.8, profile.Parents["a/base"][0]!.Value, precision: 9);
        Assert.Null(profile.Parents["a/base"][1]);
        Assert.Equal(0.255, profile.Parents["b/base"][1]!.Value, precision: 9);
        Assert.Equal(0.03, profile.NullBand[0]!.Value, precision: 9);
        Assert.Equal((0.06 + 0.06) / 2, profile.NullBand[1]!.Value, precision: 9);
    }

    [Fact]
    public void No_layered_tensor_gives_an_empty_profile() =>
        Assert.Empty(LayerProfile.From([new LayerPoint("a/base", -1, 1, 50)]).Layers);
}
