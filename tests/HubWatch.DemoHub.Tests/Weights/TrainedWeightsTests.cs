using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Weights;

namespace HubWatch.DemoHub.Tests.Weights;

public sealed class TrainedWeightsTests
{
    private static readonly Architecture Arch = Architectures.LlamaMini;
    private static TensorSpec Tensor(string suffix) => Arch.Tensors().Single(t => t.Name.EndsWith(suffix, StringComparison.Ordinal));

    [Fact]
    public void Matrices_have_heavy_tails_and_the_scale_of_their_role()
    {
        var weights = new TrainedWeights(Arch, seed: 1);
        var q = Tensor("layers.2.self_attn.q_proj.weight");
        var values = weights.ReadAll(q);

        Assert.InRange(Stats.Mean(values), -0.002, 0.002);
        Assert.InRange(Stats.Std(values) / weights.Scale(q), 1.0, 1.6); // row scales and the tail widen the spread
        Assert.True(Stats.Kurtosis(values) > 5, $"kurtosis {Stats.Kurtosis(values):F2} is not heavy-tailed");
    }

    [Fact]
    public void Norm_gains_sit_near_one_at_a_level_of_the_models_own()
    {
        var levels = Enumerable.Range(0, 8)
            .Select(seed => Stats.Mean(new TrainedWeights(Arch, (ulong)seed).ReadAll(Tensor("layers.0.input_layernorm.weight"))))
            .ToList();
        Assert.All(levels, l => Assert.InRange(l, 0.65, 1.35));
        Assert.True(levels.Max() - levels.Min() > 0.1, "every model has the same norm level");
    }

    [Fact]
    public void Independent_seeds_are_unrelated_and_one_seed_is_reproducible()
    {
        var down = Tensor("layers.1.mlp.down_proj.weight");
        var a = new TrainedWeights(Arch, 7).ReadAll(down);
        var b = new TrainedWeights(Arch, 8).ReadAll(down);

        // under independence cos ≈ N(0, 1/n): 5 standard deviations is a generous bound
        Assert.InRange(Stats.Cosine(a, b), -5 / Math.Sqrt(a.Length), 5 / Math.Sqrt(a.Length));
        Assert.Equal(a, new TrainedWeights(Arch, 7).ReadAll(down));
    }

    [Fact]
    public void A_slice_equals_the_same_values_of_the_whole_tensor()
    {
        // the giant's tensors are never computed whole: slices must agree with the whole by construction
        var weights = new TrainedWeights(Architectures.Giant70B, 3);
        var embed = Architectures.Giant70B.Tensors()[0];
        var slice = new float[5000];
        weights.Read(embed, 1_000_000_000L, slice);
        var again = new float[100];
        weights.Read(embed, 1_000_000_000L + 4900, again);
        Assert.Equal(slice[4900..], again);
        Assert.InRange(Stats.Std(slice), 0.005, 0.08);
    }

    [Fact]
    public void Reading_outside_a_tensor_is_refused()
    {
        var weights = new TrainedWeights(Arch, 1);
        var norm = Tensor("model.norm.weight");
        Assert.Throws<ArgumentOutOfRangeException>(() => weights.Read(norm, norm.Elements - 1, new float[2]));
    }
}
