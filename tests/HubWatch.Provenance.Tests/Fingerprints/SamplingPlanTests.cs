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

        Assert.Equal(hf.Segments.Select(s => s.Window), gguf.Segments.Select(s => s.Window));
        Assert.Equal(hf.Anchors.Values.Single(), gguf.Anchors.Values.Single());
        Assert.Single(hf.Ranges); // one band of whole rows: one request
    }

    [Theory]
    [InlineData(4096, 11008, 8, 64)] // a linear layer: 8 rows × 64 columns, held by 8 whole rows or 64 whole columns
    [InlineData(4, 4096, 4, 128)] // few rows: longer rows of the patch
    [InlineData(1, 100_000, 1, 512)] // a vector: a run of it
    [InlineData(6144, 3, 170, 3)] // a convolution's [64·32·3, 3]: more rows, up to 512 values
    public void The_anchor_is_a_patch_of_about_512_values_whatever_the_shape(long rows, long columns, long patchRows, long patchColumns)
    {
        var anchor = SamplingPlan.AnchorOf([rows, columns]);

        Assert.Equal((patchRows, patchColumns), (anchor.Rows, anchor.Columns));
        Assert.True(TensorWindow.All([rows, columns]).Contains(anchor));
        Assert.Equal(0, anchor.Column % 256);
    }

    [Theory]
    [InlineData(5632, 2048)]
    [InlineData(2048, 2048)]
    [InlineData(512, 2048)]
    [InlineData(172, 64)]
    public void A_matrix_and_its_transpose_keep_the_same_values_in_their_cross_blocks(long rows, long columns)
    {
        var cross = SamplingPlan.CrossOf([rows, columns])!.Value;
        var transposed = SamplingPlan.CrossOf([columns, rows])!.Value;
        var band = SamplingPlan.AnchorOf([rows, columns]);

        // element (r, c) of the block is element (c, r) of the transposed one: the same 8 × 8 values of the matrix
        Assert.Equal((cross.Row, cross.Column), (transposed.Column, transposed.Row));
        Assert.Equal((8L, 8L), (cross.Rows, cross.Columns));
        Assert.True(TensorWindow.All([rows, columns]).Contains(cross));
        Assert.Equal(band.Row, cross.Row); // within the band of whole rows the plan reads around the anchor
    }

    [Fact]
    public void Vectors_and_narrow_matrices_have_no_cross_block()
    {
        Assert.Null(SamplingPlan.CrossOf([4096]));
        Assert.Null(SamplingPlan.CrossOf([6144, 3]));
    }

    [Fact]
    public void The_anchor_does_not_depend_on_the_budget_or_the_encoding()
    {
        var bf16 = SamplingPlan.For([Tensor("w", 4096, 11008, 0)], 1 << 20);
        var q8 = SamplingPlan.For([Tensor("w", 4096, 11008, 0, TensorType.Q8_0)], 100_000);
        var (a, b) = (bf16.Anchors["w"], q8.Anchors["w"]);

        Assert.Equal(a, b);
        Assert.Equal(SamplingPlan.AnchorValues, a.Count);
        Assert.True(bf16.Segments.Single().Window.Contains(a));
        Assert.True(q8.Segments.Single().Window.Contains(b));
        Assert.Equal(11008, bf16.Segments.Single().Window.Columns); // the band of whole rows through the anchor
    }

    [Fact]
    public void A_tensor_the_budget_covers_is_read_whole()
    {
        var plan = SamplingPlan.For([Tensor("w", 256, 256, 0)], 1 << 20);
        Assert.Equal(TensorWindow.All([256, 256]), plan.Segments.Single().Window);
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

        var plan = SamplingPlan.For(tensors, WeightSampler.DefaultBudget);

        Assert.True(plan.Bytes <= WeightSampler.DefaultBudget);
        Assert.True(plan.Ranges.Count <= tensors.Count, $"{plan.Ranges.Count} ranges");
        Assert.True(plan.Bytes < 0.001 * begin, $"{plan.Bytes} of {begin} bytes");
    }

    [Fact]
    public void The_plan_stays_within_its_budget_and_reads_whole_quantization_blocks()
    {
        var tensors = Enumerable.Range(0, 300).Select(i => Tensor($"t{i}", 8192, 28672, i * 8192L * 28672 * 34 / 32, TensorType.Q8_0)).ToList();
        var plan = SamplingPlan.For(tensors, 96 << 20);

        Assert.True(plan.Bytes <= 96 << 20, $"{plan.Bytes} bytes planned");
        Assert.All(plan.Segments.SelectMany(s => s.Spans, (s, span) => (s.Tensor, span)), p =>
        {
            Assert.Equal(0, (p.span.Begin - p.Tensor.Begin) % 34);
            Assert.Equal(0, p.span.Length % 34);
        });
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
