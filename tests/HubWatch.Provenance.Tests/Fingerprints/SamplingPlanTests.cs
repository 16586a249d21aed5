using HubWatch.Formats.Encoding;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Tests.Fingerprints;

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
        Assert.Equal(hf.Anchors.Values.Single().FirstElement, gguf.Anchors.Values.Single().FirstElement);
        Assert.Single(hf.Segments); // one block of whole rows: one request
    }

    [Fact]
    public void The_anchor_does_not_depend_on_the_budget_or_the_encoding()
    {
        var bf16 = SamplingPlan.For([Tensor("w", 4096, 11008, 0)], 1 << 20);
        var q8 = SamplingPlan.For([Tensor("w", 4096, 11008, 0, TensorType.Q8_0)], 64 << 10);
        var (a, b) = (bf16.Anchors["w"], q8.Anchors["w"]);

        Assert.Equal((a.FirstElement, a.Count), (b.FirstElement, b.Count));
        Assert.Equal(SamplingPlan.AnchorValues, a.Count);
        Assert.True(bf16.Segments.Single().Contains(a));
        Assert.True(q8.Segments.Single().Contains(b));
        Assert.True(bf16.Segments.Single().Count > q8.Segments.Single().Count, "a larger budget reads more rows");
    }

    [Fact]
    public void A_budget_below_the_anchors_is_refused()
    {
        var tensors = Enumerable.Range(0, 100).Select(i => Tensor($"t{i}", 1024, 1024, i * 2L * 1024 * 1024)).ToList();
        var error = Assert.Throws<HubWatch.Formats.Reading.ByteBudgetExceededException>(() => SamplingPlan.For(tensors, 50_000));
        Assert.Contains("anchors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_70B_model_is_read_with_about_one_request_per_tensor()
    {
        var shapes = new List<(string, long, long)> { ("embed", 128256, 8192), ("lm_head", 128256, 8192) };
        for (var layer = 0; layer < 80; layer++)
            shapes.AddRange([($"{layer}.q", 8192, 8192), ($"{layer}.k", 1024, 8192), ($"{layer}.v", 1024, 8192), ($"{layer}.o", 8192, 8192),
                ($"{layer}.gate", 28672, 8192), ($"{layer}.up", 28672, 8192), ($"{layer}.down", 8192, 28672)]);
        var begin = 0L;
        var tensors = shapes.Select(s => { var t = Tensor(s.Item1, s.Item2, s.Item3, begin); begin = t.End; return t; }).ToList();

        var plan = SamplingPlan.For(tensors, 64L << 20);

        Assert.True(plan.Bytes <= 64L << 20);
        Assert.True(plan.Ranges.Count <= tensors.Count, $"{plan.Ranges.Count} ranges");
        Assert.True(plan.Bytes < 0.0005 * begin, $"{plan.Bytes} of {begin} bytes");
    }

    [Fact]
    public void The_plan_stays_within_its_budget_and_reads_whole_quantization_blocks()
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
