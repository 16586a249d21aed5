using HubWatch.Application.Fingerprinting;
using HubWatch.Formats.Encoding;

namespace HubWatch.Application.Tests.Fingerprinting;

public sealed class SamplingPlanTests
{
    private static StoredTensorInfo Tensor(string name, long rows, long columns, long begin, TensorType type = TensorType.BF16) =>
        new(name, [rows, columns], type, begin, begin + TensorCodec.ByteCount(type, rows * columns));

    [Fact]
    public void The_same_shapes_are_sampled_at_the_same_places_whatever_the_names()
    {
        var hf = SamplingPlan.For([Tensor("model.layers.0.mlp.down_proj.weight", 4096, 11008, 0)], 1 << 20);
        var gguf = SamplingPlan.For([Tensor("blk.0.ffn_down.weight", 4096, 11008, 0)], 1 << 20);

        Assert.Equal(hf.Segments.Select(s => (s.FirstElement, s.Count)), gguf.Segments.Select(s => (s.FirstElement, s.Count)));
        Assert.Equal(SamplingPlan.RowsPerTensor, hf.Segments.Count);
    }

    [Fact]
    public void The_plan_stays_within_its_budget_and_reads_whole_quantisation_blocks()
    {
        var tensors = Enumerable.Range(0, 300).Select(i => Tensor($"t{i}", 8192, 28672, i * 8192L * 28672 * 34 / 32, TensorType.Q8_0)).ToList();
        var plan = SamplingPlan.For(tensors, 4 << 20);

        Assert.True(plan.Bytes <= 4 << 20, $"{plan.Bytes} bytes planned");
        Assert.All(plan.Segments, s => Assert.Equal(0, s.FirstElement % 32));
        Assert.All(plan.Segments, s => Assert.Equal(0, s.Count % 32));
        Assert.Equal(300, plan.Segments.Select(s => s.Tensor.Name).Distinct().Count());
    }

    [Fact]
    public void Neighbouring_ranges_are_read_as_one()
    {
        var small = Enumerable.Range(0, 10).Select(i => new StoredTensorInfo($"norm{i}", [64], TensorType.F32, i * 256L, i * 256L + 256)).ToList();
        var plan = SamplingPlan.For(small, 1 << 20);
        Assert.Single(plan.Ranges);
        Assert.Equal(2560, plan.Bytes);
    }
}
