using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Weights;

namespace HubWatch.DemoHub.Tests.Weights;

/// <summary>The generator's merges follow mergekit's math (primer §4; mergekit merge_methods/*).</summary>
public sealed class MergeMathTests
{
    private static readonly Architecture Arch = Architectures.QwenMini;
    private static readonly ModelWeights Base = new TrainedWeights(Arch, 11);
    private static readonly ModelWeights TuneA = new DeltaWeights(Base, 21, 0.05);
    private static readonly ModelWeights TuneB = new DeltaWeights(Base, 22, 0.05);
    private static TensorSpec Tensor(string suffix) => Arch.Tensors().Single(t => t.Name.EndsWith(suffix, StringComparison.Ordinal));

    [Fact]
    public void A_linear_merge_is_the_normalised_weighted_sum_element_for_element()
    {
        var other = new TrainedWeights(Arch, 12);
        var merge = new LinearMergeWeights([(Base, Gradient.Constant(3)), (other, Gradient.Constant(2))]);
        var tensor = Tensor("layers.3.mlp.up_proj.weight");

        var (a, b, w) = (Base.ReadAll(tensor), other.ReadAll(tensor), merge.ReadAll(tensor));
        for (var i = 0; i < w.Length; i++)
            Assert.Equal(0.6 * a[i] + 0.4 * b[i], w[i], 1e-6);
    }

    [Fact]
    public void Gradient_weights_follow_the_layers()
    {
        var other = new TrainedWeights(Arch, 12);
        var merge = new LinearMergeWeights([(Base, Gradient.Over(1, 0)), (other, Gradient.Over(0, 1))]);
        Assert.Equal([1.0, 0.0], merge.WeightsFor(Tensor("layers.0.self_attn.o_proj.weight")));
        Assert.Equal([0.0, 1.0], merge.WeightsFor(Tensor("layers.5.self_attn.o_proj.weight")));
        Assert.Equal(0.6, merge.WeightsFor(Tensor("layers.2.self_attn.o_proj.weight"))[0], 1e-12); // t = 2/5: 1 − 0.4
    }

    [Fact]
    public void Slerp_of_orthogonal_unit_vectors_at_one_half_is_the_bisector()
    {
        // hand-worked: θ = 90°, s0 = s1 = sin(45°)/sin(90°) = √2/2
        var (s0, s1) = SlerpWeights.Coefficients([1f, 0f], [0f, 1f], 0.5);
        Assert.Equal(Math.Sqrt(0.5), s0, 12);
        Assert.Equal(Math.Sqrt(0.5), s1, 12);
    }

    [Fact]
    public void Slerp_falls_back_to_lerp_for_nearly_parallel_tensors()
    {
        var (s0, s1) = SlerpWeights.Coefficients([1f, 0f], [1f, 0.001f], 0.3);
        Assert.Equal((0.7, 0.3), (s0, s1));
    }

    [Fact]
    public void Slerp_is_the_formula_applied_to_each_tensor_and_its_coefficients_sum_above_one()
    {
        var other = new TrainedWeights(Arch, 13);
        var t = new Gradient([new GradientEntry("self_attn", [0, 0.5, 1]), new GradientEntry(null, [0.5])]);
        var merge = new SlerpWeights(Base, other, t);
        var tensor = Tensor("layers.1.self_attn.q_proj.weight"); // t = interp([0, .5, 1], 1/5) = 0.2
        var (a, b, w) = (Base.ReadAll(tensor), other.ReadAll(tensor), merge.ReadAll(tensor));

        var theta = Math.Acos(Stats.Cosine(a, b));
        var s0 = Math.Sin(0.8 * theta) / Math.Sin(theta);
        var s1 = Math.Sin(0.2 * theta) / Math.Sin(theta);
        for (var i = 0; i < w.Length; i++)
            Assert.Equal(s0 * a[i] + s1 * b[i], w[i], 1e-6);
        Assert.True(s0 + s1 > 1.01, "for unrelated parents slerp leaves the chord: s0 + s1 > 1");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.7)]
    public void Dare_leaves_the_expected_share_of_entries_equal_to_the_base(double density)
    {
        var merge = new TaskArithmeticWeights(Base,
            [new TaskInput(TuneA, Gradient.Constant(0.5), Gradient.Constant(density)), new TaskInput(TuneB, Gradient.Constant(0.5), Gradient.Constant(density))],
            TaskArithmeticOptions.ForMethod("dare_ties", seed: 5));
        var tensor = Tensor("layers.4.mlp.gate_proj.weight");
        var (b, w) = (Base.ReadAll(tensor), merge.ReadAll(tensor));

        var equal = (double)Enumerable.Range(0, w.Length).Count(i => w[i] == b[i]) / w.Length;
        var expected = Math.Pow(1 - density, 2); // both deltas dropped
        var tolerance = 5 * Math.Sqrt(expected * (1 - expected) / w.Length);
        Assert.InRange(equal, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void Dare_rescales_a_sparse_delta_to_its_original_L1_norm()
    {
        var merge = new TaskArithmeticWeights(Base, [new TaskInput(TuneA, Gradient.Constant(1), Gradient.Constant(0.25))],
            TaskArithmeticOptions.ForMethod("dare_linear", seed: 9));
        var tensor = Tensor("layers.0.self_attn.v_proj.weight");
        var (b, tuned, w) = (Base.ReadAll(tensor), TuneA.ReadAll(tensor), merge.ReadAll(tensor));

        double original = 0, kept = 0;
        for (var i = 0; i < w.Length; i++)
        {
            original += Math.Abs(tuned[i] - b[i]);
            kept += Math.Abs(w[i] - b[i]);
        }
        Assert.Equal(1.0, kept / original, 3);
    }

    [Fact]
    public void Ties_keeps_only_entries_that_agree_with_the_elected_sign()
    {
        var merge = new TaskArithmeticWeights(Base,
            [new TaskInput(TuneA, Gradient.Constant(1), Gradient.Constant(0.5)), new TaskInput(TuneB, Gradient.Constant(1), Gradient.Constant(0.5))],
            TaskArithmeticOptions.ForMethod("ties", seed: 0));
        var tensor = Tensor("layers.2.mlp.down_proj.weight");
        var (b, da, db, w) = (Base.ReadAll(tensor), TuneA.ReadAll(tensor), TuneB.ReadAll(tensor), merge.ReadAll(tensor));

        var unchanged = 0;
        for (var i = 0; i < w.Length; i++)
        {
            var (x, y, z) = (da[i] - b[i], db[i] - b[i], w[i] - b[i]);
            if (z == 0)
            {
                unchanged++;
                continue;
            }
            // a moved entry lies between the parents' deltas that share its sign (a disjoint mean)
            Assert.True(Math.Sign(z) == Math.Sign(x) || Math.Sign(z) == Math.Sign(y));
            Assert.True(Math.Abs(z) <= Math.Max(Math.Abs(x), Math.Abs(y)) + 1e-6);
        }
        // both trimmed to the top half: about a quarter of the entries are left to the base
        Assert.InRange((double)unchanged / w.Length, 0.2, 0.3);
    }
}
