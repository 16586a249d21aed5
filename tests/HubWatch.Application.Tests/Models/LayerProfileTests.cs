using HubWatch.Application.Classification;
using HubWatch.Application.Models;

namespace HubWatch.Application.Tests.Models;

public sealed class LayerProfileTests
{
    [Fact]
    public void Folds_tensors_by_layer_and_parent_with_the_null_band_from_each_tensors_own_z()
    {
        // r = 0.9 at z = 90 means σ₀ = 0.01: the band is 3σ₀ = 0.03
        TensorEvidence[] tensors =
        [
            new("embed", "a/base", "embed", 0.99, 99, -1),
            new("l0.q", "a/base", "l0.q", 0.9, 90, 0),
            new("l0.k", "a/base", "l0.k", 0.7, 70, 0),
            new("l1.q", "b/base", "l1.q", 0.5, 25, 1),
            new("l1.k", null, null, 0.01, 0.5, 1),
        ];

        var profile = LayerProfile.From(tensors);

        Assert.Equal([0, 1], profile.Layers);
        Assert.Equal(0.8, profile.Parents["a/base"][0], precision: 9);
        Assert.True(double.IsNaN(profile.Parents["a/base"][1]));
        Assert.Equal(0.5, profile.Parents["b/base"][1], precision: 9);
        Assert.Equal(0.03, profile.NullBand[0], precision: 9);
        Assert.Equal((0.06 + 0.06) / 2, profile.NullBand[1], precision: 9);
    }

    [Fact]
    public void No_layered_tensor_gives_an_empty_profile() =>
        Assert.Empty(LayerProfile.From([new TensorEvidence("embed", "a/base", "embed", 1, 50, -1)]).Layers);
}
