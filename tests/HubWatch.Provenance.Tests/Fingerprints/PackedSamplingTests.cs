using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;
using HubWatch.Formats.Safetensors;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Tests.Fingerprints;

/// <summary>
/// GPTQ, AWQ, MLX and bitsandbytes 4-bit linear layers decoded as their reference implementations dequantise them
/// (PackedReference/MANIFEST.md: the reference pack loops and formulas, run by <c>make_packed.py</c>), whole and through the band of
/// columns the sampling plan reads of a matrix stored by columns; and the ways such files go wrong, refused with a reason.
/// </summary>
public sealed class PackedSamplingTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    public static TheoryData<string, string, TensorType> Fixtures => new()
    {
        { "gptq2_g64", "GPTQ 2-bit, groups of 64", TensorType.GroupedInt2 },
        { "gptq3_g32_act_v2", "GPTQ 3-bit (v2), groups of 32, act order", TensorType.GroupedInt3 },
        { "gptq4_g128", "GPTQ 4-bit, groups of 128", TensorType.GroupedInt4 },
        { "gptq8_all", "GPTQ 8-bit, groups of 512", TensorType.GroupedInt8 },
        { "awq4_g128", "AWQ 4-bit, groups of 128", TensorType.GroupedInt4 },
        { "awq4_gemv_g64", "AWQ 4-bit (GEMV), groups of 64", TensorType.GroupedInt4 },
        { "mlx4_g64", "MLX 4-bit, groups of 64", TensorType.GroupedInt4 },
        { "mlx3_g32_bf16", "MLX 3-bit, groups of 32", TensorType.GroupedInt3 },
        { "mlx6_g128", "MLX 6-bit, groups of 128", TensorType.GroupedInt6 },
        { "bnb_nf4_b64_nested", "bitsandbytes nf4, blocks of 64, double quantised", TensorType.NF4 },
        { "bnb_fp4_b128", "bitsandbytes fp4, blocks of 128", TensorType.FP4 },
        { "bnb_nf4_b4096_bf16storage", "bitsandbytes nf4, blocks of 4096", TensorType.NF4 },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Every_value_of_a_packed_layer_is_the_reference_dequantisation(string stem, string format, TensorType type)
    {
        using var source = new FileByteSource(PathOf($"{stem}.safetensors"));
        var header = await ModelFileHeader.ReadAsync(source, CancellationToken.None, 0, _ => Task.FromResult(ConfigOf(stem)));
        var weight = Assert.Single(header.Tensors);
        var reference = await ReferenceAsync(stem);

        Assert.Equal($"safetensors, {format}", header.Format);
        Assert.Equal((reference.Name, type), (weight.Name, weight.Type));
        Assert.Equal([64, 512], weight.Shape);
        var window = TensorWindow.All(weight.Shape);
        var fetched = new FetchedBytes();
        var bytes = await File.ReadAllBytesAsync(PathOf($"{stem}.safetensors"));
        fetched.Add(new ByteRange(0, bytes.Length), bytes);
        var values = new float[window.Count];
        weight.Layout.Decode(weight, window, fetched, values);
        for (var i = 0; i < values.Length; i++)
            Assert.True(BitConverter.SingleToUInt32Bits(reference.Values[i]) == BitConverter.SingleToUInt32Bits(values[i]), $"{stem} [{i / 512}, {i % 512}]: reference {reference.Values[i]:R}, ours {values[i]:R}");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task The_band_of_columns_the_plan_reads_holds_the_same_anchor_as_the_float_weights(string stem, string format, TensorType type)
    {
        _ = (format, type);
        using var packed = new FileByteSource(PathOf($"{stem}.safetensors"));
        using var floats = new FileByteSource(PathOf($"{stem}.reference.safetensors"));
        var band = await WeightSampler.SampleAsync([packed], 8192, CancellationToken.None, _ => Task.FromResult(ConfigOf(stem)));
        var reference = await WeightSampler.SampleAsync(floats, 1 << 20, CancellationToken.None);

        var segment = Assert.Single(band.Plan.Segments);
        var (bandRows, bandColumns) = segment.Tensor.Layout.ByColumns ? (64L, segment.Window.Columns) : (segment.Window.Rows, 512L);
        Assert.True(segment.Window.Rows == bandRows && segment.Window.Columns == bandColumns && segment.Window.Count < 64 * 512, $"read {segment.Window}, not a band");
        Assert.True(band.Cost.BytesRead < packed.Length / 2, $"{band.Cost.BytesRead} of {packed.Length} bytes");
        var (ours, theirs) = (band.Fingerprint.Tensors.Single(), reference.Fingerprint.Tensors.Single());
        Assert.Equal(theirs.AnchorElement, ours.AnchorElement);
        Assert.Equal(theirs.Anchor, ours.Anchor);
    }

    [Fact]
    public async Task A_group_index_beyond_the_groups_is_refused_with_the_input_named()
    {
        var bytes = await File.ReadAllBytesAsync(PathOf("gptq4_g128.safetensors"));
        var gIdx = await EntryAsync("gptq4_g128.safetensors", ".g_idx");
        BitConverter.GetBytes(99).CopyTo(bytes, gIdx.Begin + 5 * 4);
        await File.WriteAllBytesAsync(_file, bytes);

        var error = await SampleFailureAsync(ConfigOf("gptq4_g128"));
        Assert.Contains("puts input 5 in group 99, but there are 4 groups", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Act_order_indexes_under_a_config_that_denies_them_are_refused_not_read_with_the_wrong_scales()
    {
        File.Copy(PathOf("gptq3_g32_act_v2.safetensors"), _file, overwrite: true);
        var error = await SampleFailureAsync(ConfigOf("gptq3_g32_act_v2")! with { DescAct = false }, budget: 8192);
        Assert.Contains("out of order, but the quantisation config says desc_act is false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_NaN_scale_is_refused_with_the_tensor_named()
    {
        var bytes = await File.ReadAllBytesAsync(PathOf("awq4_g128.safetensors"));
        var scales = await EntryAsync("awq4_g128.safetensors", ".scales");
        BitConverter.GetBytes(Half.NaN).CopyTo(bytes, scales.Begin + 2 * 10);
        await File.WriteAllBytesAsync(_file, bytes);

        var error = await SampleFailureAsync(null);
        Assert.Contains("model.layers.0.mlp.down_proj.scales holds a value that is not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new long[] { 16, 96 }, new long[] { 4, 3 }, new long[] { 4, 96 })] // zeros of 3 words for 96 outputs: 1 bit each
    [InlineData(new long[] { 16, 64 }, new long[] { 4, 8 }, new long[] { 3, 64 })] // zeros for 4 groups, scales for 3
    [InlineData(new long[] { 15, 64 }, new long[] { 4, 8 }, new long[] { 4, 64 })] // 15 rows of 4-bit words: not whole inputs
    [InlineData(new long[] { 64, 64 }, new long[] { 64, 3 }, new long[] { 64, 24 })] // GEMV rows, but zeros not AutoAWQ's padded width
    public async Task Packed_parts_whose_shapes_do_not_agree_are_skipped_with_the_reason(long[] qweight, long[] qzeros, long[] scales)
    {
        var tensors = new List<SafetensorsTensor> { new("m.qweight", "I32", qweight), new("m.qzeros", "I32", qzeros), new("m.scales", "F16", scales), new("norm.weight", "F32", [64]) };
        var header = SafetensorsHeader.Build(tensors);
        await using (var file = File.Create(_file))
        {
            await file.WriteAsync(header.Prefix);
            file.SetLength(header.Prefix.Length + tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b) * (t.Dtype == "F16" ? 2 : 4)));
        }

        using var source = new FileByteSource(_file);
        var sample = await WeightSampler.SampleAsync(source, 1 << 20, CancellationToken.None);

        Assert.Equal("norm.weight", Assert.Single(sample.Fingerprint.Tensors).Name);
        var reason = Assert.Single(sample.Fingerprint.Skipped);
        Assert.StartsWith("m.qweight (packed weights in a layout HubWatch does not read: qweight I32 [", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_mlx_layers_own_entry_in_the_quantization_config_overrides_the_defaults()
    {
        // a mixed-precision recipe: 3 bits by default, this layer 4
        var config = QuantizationConfig.Parse("""
            {"model_type": "llama", "quantization": {"group_size": 64, "bits": 3,
              "model.layers.0.mlp.gate_proj": {"group_size": 64, "bits": 4}, "lm_head": false}}
            """);
        using var source = new FileByteSource(PathOf("mlx4_g64.safetensors"));
        var header = await ModelFileHeader.ReadAsync(source, CancellationToken.None, 0, _ => Task.FromResult(config));
        var defaultsOnly = await ModelFileHeader.ReadAsync(source, CancellationToken.None, 0, _ => Task.FromResult<QuantizationConfig?>(config! with { Layers = new Dictionary<string, (int, int)>() }));

        Assert.Equal("safetensors, MLX 4-bit, groups of 64", header.Format);
        Assert.Equal([64L, 512L], Assert.Single(header.Tensors).Shape);
        Assert.Empty(defaultsOnly.Tensors); // 64 words a row hold no whole number of 3-bit codes
    }

    [Fact]
    public async Task Mlx_codes_without_the_config_that_says_their_bits_are_skipped_with_the_reason()
    {
        using var source = new FileByteSource(PathOf("mlx4_g64.safetensors"));
        var sample = await WeightSampler.SampleAsync([source], 1 << 20, CancellationToken.None, _ => Task.FromResult<QuantizationConfig?>(null));

        Assert.Empty(sample.Fingerprint.Tensors);
        Assert.Equal("model.layers.0.mlp.gate_proj.weight (MLX quantised weights without config.json's quantization (bits, group_size) to read them by)", Assert.Single(sample.Fingerprint.Skipped));
        Assert.Equal(64 * 512, sample.Fingerprint.UnreadParameters);
    }

    [Fact]
    public void Quantisation_configs_are_read_from_either_file_and_a_broken_one_says_nothing()
    {
        var fromConfig = QuantizationConfig.Parse("""{"architectures":["LlamaForCausalLM"],"quantization_config":{"quant_method":"gptq","bits":4,"group_size":128,"desc_act":true,"checkpoint_format":"gptq_v2"}}""");
        var awq = QuantizationConfig.Parse("""{"quant_method":"awq","w_bit":4,"q_group_size":64,"version":"gemm"}""");

        Assert.Equal(new QuantizationConfig("gptq", 4, 128, true, "gptq_v2"), fromConfig);
        Assert.True(fromConfig!.GptqV2);
        Assert.Equal(("awq", 4, 64), (awq!.Method, awq.Bits, awq.GroupSize));
        Assert.Null(QuantizationConfig.Parse("""{"architectures":["LlamaForCausalLM"]}"""));
        Assert.Null(QuantizationConfig.Parse("{not json"));
        Assert.Null(QuantizationConfig.Parse("[1, 2]"));
    }

    [Theory]
    [InlineData("\"blocksize\": 64", "\"blocksize\": 96", "block size 96 is none bitsandbytes writes")]
    [InlineData("\"shape\": [64, 512]", "\"shape\": [64, 999]", "16384 bytes of codes for a [64, 999] weight, which needs 31968")]
    [InlineData("\"shape\": [64, 512]", "\"shape\": [32, 512]", "absmax U8 [512] where 256 8-bit codes were due")]
    [InlineData("0.012299999594688416", "NaN", "not the JSON bitsandbytes writes")] // Python's json.dumps writes NaN, which JSON has not
    [InlineData("\"quant_type\": \"nf4\"", "\"quant_type\": \"nf5\"", "quant_type \"nf5\" is neither nf4 nor fp4")]
    [InlineData("{\"quant_type\"", "[\"quant_type\"", "not the JSON bitsandbytes writes")]
    public async Task A_bitsandbytes_weight_whose_state_does_not_fit_is_skipped_with_the_reason(string find, string replace, string reason)
    {
        var bytes = await File.ReadAllBytesAsync(PathOf("bnb_nf4_b64_nested.safetensors"));
        var state = await EntryAsync("bnb_nf4_b64_nested.safetensors", ".quant_state.bitsandbytes__nf4");
        var json = System.Text.Encoding.UTF8.GetString(bytes, (int)state.Begin, (int)state.Length);
        Assert.Contains(find, json, StringComparison.Ordinal);
        // padded to the same length, so the header stays valid
        var changed = json.Replace(find, replace, StringComparison.Ordinal).PadRight(json.Length);
        System.Text.Encoding.UTF8.GetBytes(changed).CopyTo(bytes, state.Begin);
        await File.WriteAllBytesAsync(_file, bytes);

        using var source = new FileByteSource(_file);
        var sample = await WeightSampler.SampleAsync([source], 1 << 20, CancellationToken.None);

        Assert.Empty(sample.Fingerprint.Tensors);
        var skipped = Assert.Single(sample.Fingerprint.Skipped);
        Assert.StartsWith("model.layers.0.mlp.gate_proj.weight (bitsandbytes 4-bit weights HubWatch cannot read: ", skipped, StringComparison.Ordinal);
        Assert.Contains(reason, skipped, StringComparison.Ordinal);
        Assert.True(sample.Fingerprint.UnreadParameters >= 32 * 512); // what the state claims, or two per byte of codes
    }

    [Fact]
    public async Task A_NaN_in_a_bitsandbytes_absmax_is_refused_with_the_tensor_named()
    {
        var bytes = await File.ReadAllBytesAsync(PathOf("bnb_fp4_b128.safetensors"));
        var absmax = await EntryAsync("bnb_fp4_b128.safetensors", ".weight.absmax");
        for (var b = 0; b < absmax.Length / 4; b++)
            BitConverter.GetBytes(float.NaN).CopyTo(bytes, absmax.Begin + (4 * b));
        await File.WriteAllBytesAsync(_file, bytes);

        var error = await SampleFailureAsync(null);

        Assert.Contains("model.layers.0.mlp.gate_proj.weight.absmax holds a value that is not a finite number", error.Message, StringComparison.Ordinal);
    }

    private async Task<InvalidModelFileException> SampleFailureAsync(QuantizationConfig? config, long budget = 1 << 20)
    {
        using var source = new FileByteSource(_file);
        return await Assert.ThrowsAsync<InvalidModelFileException>(() => WeightSampler.SampleAsync([source], budget, CancellationToken.None, _ => Task.FromResult(config)));
    }

    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "PackedReference", file);

    private static QuantizationConfig? ConfigOf(string stem) =>
        new[] { $"{stem}.quantize_config.json", $"{stem}.config.json" }.Where(f => File.Exists(PathOf(f))).Select(f => QuantizationConfig.Parse(File.ReadAllText(PathOf(f)))).FirstOrDefault();

    private static async Task<SafetensorsTensorInfo> EntryAsync(string file, string suffix)
    {
        using var source = new FileByteSource(PathOf(file));
        return (await SafetensorsReader.ReadHeaderAsync(source, CancellationToken.None)).Tensors.Single(t => t.Name.EndsWith(suffix, StringComparison.Ordinal));
    }

    private static async Task<(string Name, float[] Values)> ReferenceAsync(string stem)
    {
        using var source = new FileByteSource(PathOf($"{stem}.reference.safetensors"));
        var tensor = (await SafetensorsReader.ReadHeaderAsync(source, CancellationToken.None)).Tensors.Single();
        var bytes = new byte[tensor.End - tensor.Begin];
        await source.ReadExactlyAsync(tensor.Begin, bytes, "the reference", CancellationToken.None);
        var values = new float[bytes.Length / 4];
        TensorCodec.Decode(TensorType.F32, bytes, values);
        return (tensor.Name, values);
    }
}
