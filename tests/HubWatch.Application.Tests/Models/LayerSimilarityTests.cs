using HubWatch.Application.Models;
using HubWatch.Application.Tests.Fingerprinting;
using HubWatch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Models;

/// <summary>Layer-by-layer similarity from the stored fingerprints of the test hub, against its truth.</summary>
[Collection(FingerprintedHubCollection.Name)]
public sealed class LayerSimilarityTests(FingerprintedHub hub)
{
    [Fact]
    public async Task Both_parents_of_a_linear_merge_stand_above_the_null_band_in_every_layer_and_an_unrelated_model_does_not()
    {
        using var services = hub.Services();
        var similarity = services.GetRequiredService<LayerSimilarity>();
        var merge = TestHub.Truth.Models.First(m => m.Method == "linear" && m.Parents.Length == 2 && m.Transforms.Length == 0 && m.Id != hub.Broken
            && !m.Id.Contains("70B", StringComparison.Ordinal));
        var parents = merge.Parents.Select(p => p.Id).ToList();
        var stranger = TestHub.Truth.Models.First(m => m.Relation == "independent" && m.Architecture == merge.Architecture && !parents.Contains(m.Id));

        var profile = await similarity.CompareAsync(merge.Id, [.. parents, stranger.Id], CancellationToken.None);

        Assert.NotNull(profile);
        Assert.NotEmpty(profile.Layers);
        foreach (var parent in parents)
            Assert.All(profile.Layers.Select((_, i) => i), i => Assert.True(profile.Parents[parent][i] > 3 * profile.NullBand[i],
                $"{parent} at layer {profile.Layers[i]}: {profile.Parents[parent][i]} vs band {profile.NullBand[i]}"));
        Assert.All(profile.Parents[stranger.Id], r => Assert.True(r is null || Math.Abs(r.Value) < 0.2, $"an unrelated model correlates {r}"));
        Assert.Null(await similarity.CompareAsync("no/such-model", parents, CancellationToken.None));
    }
}
