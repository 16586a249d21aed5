using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Weights;

namespace HubWatch.DemoHub.Tests.Weights;

public sealed class TransformTests
{
    private static readonly Architecture Arch = Architectures.MistralMini;
    private static readonly ModelWeights Parent = new TrainedWeights(Arch, 31);
    private static TensorSpec Tensor(string suffix) => Arch.Tensors().Single(t => t.Name.EndsWith(suffix, StringComparison.Ordinal));

    [Fact]
    public void Permuted_hidden_units_leave_the_MLP_function_unchanged_and_break_element_wise_cosine()
    {
        var child = new PermutedWeights(Parent, 4);
        var (gate, up, down) = (Tensor("layers.1.mlp.gate_proj.weight"), Tensor("layers.1.mlp.up_proj.weight"), Tensor("layers.1.mlp.down_proj.weight"));
        var x = Enumerable.Range(0, Arch.Hidden).Select(i => (float)Math.Sin(i)).ToArray();

        var expected = Mlp(Parent, gate, up, down, x);
        var actual = Mlp(child, gate, up, down, x);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], actual[i], 1e-5);
        Assert.InRange(Stats.Cosine(Parent.ReadAll(gate), child.ReadAll(gate)), -0.1, 0.1);
    }

    [Fact]
    public void Passthrough_layers_are_bit_identical_to_their_donors()
    {
        var other = new TrainedWeights(Arch, 32);
        var stacked = new LayerMapWeights(Arch with { Layers = 6 }, [(Parent, 0), (Parent, 1), (Parent, 2), (other, 1), (other, 2), (other, 3)]);
        var childTensor = (Arch with { Layers = 6 }).Tensors().Single(t => t.Name == "model.layers.4.self_attn.k_proj.weight");

        Assert.Equal(other.ReadAll(Tensor("layers.2.self_attn.k_proj.weight")), stacked.ReadAll(childTensor));
        Assert.Equal(Parent.ReadAll(Tensor("embed_tokens.weight")), stacked.ReadAll(Tensor("embed_tokens.weight")));
        Assert.Equal(other.ReadAll(Tensor("lm_head.weight")), stacked.ReadAll(Tensor("lm_head.weight")));
    }

    [Theory]
    [InlineData(0.03)]
    [InlineData(0.6)]
    public void A_delta_has_the_asked_size_relative_to_the_tensor_scale(double relative)
    {
        var child = new DeltaWeights(Parent, 5, relative);
        var tensor = Tensor("layers.3.self_attn.o_proj.weight");
        var (p, c) = (Parent.ReadAll(tensor), child.ReadAll(tensor));
        var delta = c.Select((v, i) => v - p[i]).ToArray();
        Assert.Equal(relative, Stats.Std(delta) / Parent.Scale(tensor), 1);
    }

    [Fact]
    public void A_low_rank_update_touches_only_its_targets()
    {
        var child = new LowRankWeights(Parent, 6, rank: 4, relative: 0.1, new HashSet<TensorRole> { TensorRole.AttentionQ, TensorRole.AttentionV });
        Assert.Equal(Parent.ReadAll(Tensor("layers.0.mlp.up_proj.weight")), child.ReadAll(Tensor("layers.0.mlp.up_proj.weight")));
        var q = Tensor("layers.0.self_attn.q_proj.weight");
        var delta = child.ReadAll(q).Select((v, i) => v - Parent.ReadAll(q)[i]).ToArray();
        Assert.InRange(Stats.Std(delta) / Parent.Scale(q), 0.05, 0.2);
    }

    private static double[] Mlp(ModelWeights w, TensorSpec gate, TensorSpec up, TensorSpec down, float[] x)
    {
        var (g, u, d) = (w.ReadAll(gate), w.ReadAll(up), w.ReadAll(down));
        var inter = (int)gate.Rows;
        var hidden = new double[inter];
        for (var r = 0; r < inter; r++)
        {
            double a = 0, b = 0;
            for (var c = 0; c < x.Length; c++)
            {
                a += g[r * x.Length + c] * x[c];
                b += u[r * x.Length + c] * x[c];
            }
            hidden[r] = a / (1 + Math.Exp(-a)) * b; // SiLU(gate·x) ⊙ (up·x)
        }
        var y = new double[x.Length];
        for (var r = 0; r < x.Length; r++)
        {
            for (var c = 0; c < inter; c++)
                y[r] += d[r * inter + c] * hidden[c];
        }
        return y;
    }
}
