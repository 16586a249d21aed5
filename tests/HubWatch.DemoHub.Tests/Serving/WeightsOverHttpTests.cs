using System.Text.Json;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Tests.Ecosystem;
using HubWatch.DemoHub.Tests.Weights;
using HubWatch.Formats.Encoding;

namespace HubWatch.DemoHub.Tests.Serving;

/// <summary>Weight files read as a sampler will: a header with two Range requests, a tensor slice with a third.</summary>
[Collection(GeneratedHubFixture.Collection)]
public sealed class WeightsOverHttpTests(GeneratedHubFixture generated) : ServedHub(generated)
{
    [Fact]
    public async Task Any_safetensors_header_and_tensor_slice_come_back_in_three_requests_with_the_recipe_values()
    {
        foreach (var repo in Generated.Catalog.Repos.Where(r => r.Files.Any(f => f.Path.EndsWith(".safetensors", StringComparison.Ordinal))).Take(40))
        {
            var file = repo.Files.First(f => f.Path.EndsWith(".safetensors", StringComparison.Ordinal));
            var url = $"{repo.Id}/resolve/main/{file.Path}";
            var (dataStart, header) = await SafetensorsHeaderAsync(url);
            var tensor = header.EnumerateObject().First(p => p.Name != "__metadata__" && p.Value.GetProperty("dtype").GetString() is "F32" or "BF16" or "F16");
            var offsets = tensor.Value.GetProperty("data_offsets");
            var (begin, end) = (offsets[0].GetInt64(), offsets[1].GetInt64());
            var dtype = tensor.Value.GetProperty("dtype").GetString()!;
            var size = dtype == "F32" ? 4 : 2;
            var count = (int)Math.Min(64, (end - begin) / size);

            var bytes = await RangeAsync(url, dataStart + begin, dataStart + begin + count * size - 1);
            var values = new float[count];
            TensorCodec.Decode(dtype switch { "F32" => TensorType.F32, "F16" => TensorType.F16, _ => TensorType.BF16 }, bytes, values);

            var server = Server.Hub;
            var layout = server.LayoutOf(server.Find(repo.Id)!, file);
            var stored = layout.Tensors.Single(t => t.Tensor.Name == tensor.Name).Tensor;
            if (stored.Values != Files.StoredValues.Values)
                continue; // transposed and adapter tensors are checked elsewhere
            var expected = new float[count];
            server.Recipes.WeightsOf(repo.Id).Read(stored.Source, 0, expected);
            var decodedExpected = new float[count];
            var encoded = new byte[count * size];
            TensorCodec.Encode(stored.Type, expected, encoded);
            TensorCodec.Decode(stored.Type, encoded, decodedExpected);
            Assert.Equal(decodedExpected, values);
        }
    }

    [Fact]
    public async Task The_virtual_giant_serves_its_header_and_slices_with_no_bytes_on_disk()
    {
        var giant = Generated.Catalog.Repos.First(r => r.Architecture == Architectures.Giant70B.Name);
        var url = $"{giant.Id}/resolve/main/model-00015-of-00030.safetensors";
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.True(head.Content.Headers.ContentLength > 3_000_000_000, "a 70B shard holds gigabytes");

        var (dataStart, header) = await SafetensorsHeaderAsync(url);
        var tensor = header.EnumerateObject().First(p => p.Name.EndsWith("mlp.down_proj.weight", StringComparison.Ordinal));
        var shape = tensor.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        Assert.Equal([8192L, 28672L], shape);
        var begin = tensor.Value.GetProperty("data_offsets")[0].GetInt64();

        var row = await RangeAsync(url, dataStart + begin + 1000 * 28672 * 2, dataStart + begin + 1001 * 28672 * 2 - 1); // one BF16 row
        var values = new float[28672];
        TensorCodec.Decode(TensorType.BF16, row, values);
        Assert.InRange(Stats.Std(values), 0.005, 0.1);
        Assert.Empty(Directory.EnumerateFiles(Generated.Folder, "*.safetensors", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_Rio_like_merge_is_sixty_forty_of_its_parents_element_for_element()
    {
        var rio = "national-ai-lab/Rio-3.5-Open-70B";
        var parents = Generated.Truth.Models.Single(m => m.Id == rio).Parents.Select(p => p.Id).ToArray();
        async Task<float[]> Slice(string id)
        {
            var url = $"{id}/resolve/main/model-00002-of-00030.safetensors";
            var (dataStart, header) = await SafetensorsHeaderAsync(url);
            var first = header.EnumerateObject().First(p => p.Name != "__metadata__");
            var begin = first.Value.GetProperty("data_offsets")[0].GetInt64();
            var values = new float[4096];
            TensorCodec.Decode(TensorType.BF16, await RangeAsync(url, dataStart + begin, dataStart + begin + 8191), values);
            return values;
        }
        var (child, a, b) = (await Slice(rio), await Slice(parents[0]), await Slice(parents[1]));
        for (var i = 0; i < child.Length; i++)
        {
            var exact = 0.6 * a[i] + 0.4 * b[i]; // parents' stored values are BF16-rounded: allow the child's rounding plus theirs
            Assert.Equal(exact, child[i], Math.Abs(exact) * 0.02 + 1e-4);
        }
    }

    [Fact]
    public async Task A_Q8_0_copy_stays_within_half_a_quantization_step_of_its_parent()
    {
        var copy = Generated.Truth.Models.First(m => m.Relation == "quantized" && Generated.Catalog.Repos.Single(r => r.Id == m.Id).Files.Any(f => f.Path.EndsWith(".Q8_0.gguf", StringComparison.Ordinal)));
        var repo = Server.Hub.Find(copy.Id)!;
        var file = repo.Files.Single(f => f.Path.EndsWith(".gguf", StringComparison.Ordinal));
        var layout = Server.Hub.LayoutOf(repo, file);
        var (stored, begin, end) = layout.Tensors.First(t => t.Tensor.Type == TensorType.Q8_0);

        var bytes = await RangeAsync($"{copy.Id}/resolve/main/{file.Path}", begin, end - 1);
        var decoded = new float[stored.Elements];
        TensorCodec.Decode(TensorType.Q8_0, bytes, decoded);
        var parent = Server.Hub.Recipes.WeightsOf(copy.Parents.Single().Id).ReadAll(stored.Source);

        for (var block = 0; block < decoded.Length / 32; block++)
        {
            var d = (float)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(bytes, block * 34));
            for (var i = block * 32; i < block * 32 + 32; i++)
            {
                // half a step of ggml's d, plus what storing d as fp16 adds for |q| ≤ 127 (see Formats tests)
                Assert.True(Math.Abs(decoded[i] - parent[i]) <= 0.5 * d + 127 * d / 2048 + 1e-7, $"value {i}: {decoded[i]} vs {parent[i]} (d = {d})");
            }
        }
    }

    /// <summary>Each format the demo's quantised copies come in, with the RMS error bound its main matrices must keep (1.5 × the worst row of its reference quantiser, Formats tests' GgmlReference/MANIFEST.md).</summary>
    public static TheoryData<string, TensorType, double> QuantizedFormats => new()
    {
        { "GGUF Q6_K", TensorType.Q6_K, 0.05 },
        { "GGUF Q5_K_M", TensorType.Q5_K, 0.08 },
        { "GGUF Q4_K_M", TensorType.Q4_K, 0.17 },
        { "GGUF Q3_K_M", TensorType.Q3_K, 0.33 },
        { "GGUF Q2_K", TensorType.Q2_K, 0.6 },
        { "GGUF IQ4_XS", TensorType.IQ4_XS, 0.17 },
        { "safetensors FP8", TensorType.F8_E4M3, 0.07 },
        { "safetensors NF4", TensorType.U8, 0.2 },
    };

    [Theory]
    [MemberData(nameof(QuantizedFormats))]
    public async Task A_quantised_copy_holds_its_parent_within_its_formats_error(string format, TensorType type, double bound)
    {
        var copy = Generated.Truth.Models.First(m => m.Relation == "quantized" && m.Format == format && m.Architecture != Architectures.MixtralMini.Name);
        var repo = Server.Hub.Find(copy.Id)!;
        var (file, layout) = FileHolding(repo, "blk.0.ffn_up.weight", "model.layers.0.mlp.up_proj.weight");
        var (stored, begin, end) = layout.Tensors.First(t => t.Tensor.Name is "blk.0.ffn_up.weight" or "model.layers.0.mlp.up_proj.weight");
        var decoded = new float[stored.Elements];
        TensorCodec.Decode(stored.Type, await RangeAsync($"{copy.Id}/resolve/main/{file.Path}", begin, end - 1), decoded);
        if (stored.Type == TensorType.F8_E4M3)
        {
            // value = fp8 × the scale of its 128×128 block, as DeepSeek-V3's weight_dequant
            var (_, scaleBegin, scaleEnd) = layout.Tensors.Single(t => t.Tensor.Name == stored.Name + "_scale_inv");
            var scales = new float[(scaleEnd - scaleBegin) / 4];
            TensorCodec.Decode(TensorType.F32, await RangeAsync($"{copy.Id}/resolve/main/{file.Path}", scaleBegin, scaleEnd - 1), scales);
            var (columns, blockColumns) = (stored.Shape[1], (stored.Shape[1] + 127) / 128);
            for (var i = 0; i < decoded.Length; i++)
                decoded[i] *= scales[(i / columns / 128 * blockColumns) + (i % columns / 128)];
        }
        if (stored.Type == TensorType.U8)
        {
            // bitsandbytes NF4: value = level[code] × the absmax of its 64 flat values, the even element in the high nibble
            var (_, absBegin, absEnd) = layout.Tensors.Single(t => t.Tensor.Name == stored.Name + ".absmax");
            var absmax = new float[(absEnd - absBegin) / 4];
            TensorCodec.Decode(TensorType.F32, await RangeAsync($"{copy.Id}/resolve/main/{file.Path}", absBegin, absEnd - 1), absmax);
            var codes = decoded.Select(v => (int)v).ToArray();
            decoded = new float[codes.Length * 2];
            for (var i = 0; i < decoded.Length; i++)
                decoded[i] = Formats.Packed.NormalFloat4.Levels[i % 2 == 0 ? codes[i / 2] >> 4 : codes[i / 2] & 0xF] * absmax[i / 64];
        }
        var parent = Server.Hub.Recipes.WeightsOf(copy.Parents.Single().Id).ReadAll(stored.Source);

        var error = Math.Sqrt(decoded.Zip(parent).Sum(p => Math.Pow(p.First - p.Second, 2)) / parent.Sum(v => (double)v * v));
        Assert.Equal(type, stored.Type);
        Assert.Equal(parent.Length, decoded.Length);
        Assert.InRange(error, 1e-4, bound); // rounded, and no further than its format rounds
    }

    [Theory]
    [InlineData("safetensors GPTQ")]
    [InlineData("safetensors AWQ")]
    public async Task A_gptq_or_awq_copy_dequantises_by_the_reference_formula_to_its_parent_within_a_4_bit_step(string format)
    {
        var copy = Generated.Truth.Models.First(m => m.Relation == "quantized" && m.Format == format);
        var repo = Server.Hub.Find(copy.Id)!;
        const string Module = "model.layers.0.mlp.up_proj";
        var (file, layout) = FileHolding(repo, Module + ".qweight");
        async Task<(Files.StoredTensor Tensor, byte[] Bytes)> Part(string name)
        {
            var (tensor, begin, end) = layout.Tensors.Single(t => t.Tensor.Name == name);
            return (tensor, await RangeAsync($"{copy.Id}/resolve/main/{file.Path}", begin, end - 1));
        }
        var (qweight, words) = await Part(Module + ".qweight");
        var (_, zeros) = await Part(Module + ".qzeros");
        var (_, scaleBytes) = await Part(Module + ".scales");
        var scales = new float[scaleBytes.Length / 2];
        TensorCodec.Decode(TensorType.F16, scaleBytes, scales);
        var (outputs, inputs) = (qweight.Source.Rows, qweight.Source.Columns);
        int Nibble(byte[] packed, long word, int nibble) => (int)(BitConverter.ToUInt32(packed, (int)(word * 4)) >> (4 * nibble) & 15);

        var decoded = new float[outputs * inputs];
        int[] awqNibble = [0, 4, 1, 5, 2, 6, 3, 7]; // AutoAWQ's AWQ_REVERSE_ORDER
        for (var o = 0L; o < outputs; o++)
        {
            for (var i = 0L; i < inputs; i++)
            {
                var (group, scale) = (i / 128, scales[(i / 128 * outputs) + o]);
                decoded[(o * inputs) + i] = format.EndsWith("GPTQ", StringComparison.Ordinal)
                    // AutoGPTQ (checkpoint format "gptq"): qweight [in/8, out], zeros stored less one
                    ? scale * (Nibble(words, (i / 8 * outputs) + o, (int)(i % 8)) - ((Nibble(zeros, (group * outputs / 8) + (o / 8), (int)(o % 8)) + 1) & 15))
                    // AutoAWQ GEMM: qweight [in, out/8], outputs interleaved
                    : scale * (Nibble(words, (i * outputs / 8) + (o / 8), awqNibble[o % 8]) - Nibble(zeros, (group * outputs / 8) + (o / 8), awqNibble[o % 8]));
            }
        }
        var parent = Server.Hub.Recipes.WeightsOf(copy.Parents.Single().Id).ReadAll(qweight.Source);
        // AWQ folded a scale into each input channel and divided up_proj's rows by down_proj's: the same function
        var folded = parent.Select((v, k) => format.EndsWith("AWQ", StringComparison.Ordinal)
            ? v * Files.AwqScales.Column(qweight.Source, k % inputs) / Files.AwqScales.Row(qweight.Source, k / inputs) : v).ToArray();

        double Error(float[] reference) => Math.Sqrt(decoded.Zip(reference).Sum(p => Math.Pow(p.First - p.Second, 2)) / reference.Sum(v => (double)v * v));
        Assert.Equal(TensorType.I32, qweight.Type);
        // rounded onto a 4-bit grid; GPTQ's error feedback trades weight error for output error (≈ 1.3 × nearest rounding's)
        Assert.InRange(Error(folded), 0.01, format.EndsWith("GPTQ", StringComparison.Ordinal) ? 0.25 : 0.2);
        Assert.True(format.EndsWith("GPTQ", StringComparison.Ordinal) || Error(parent) > 0.3, "AWQ's copy differs from its parent value for value");
        Assert.Equal(format.EndsWith("GPTQ", StringComparison.Ordinal), repo.Files.Any(f => f.Path == "quantize_config.json"));
    }

    /// <summary>The weight file (of a sharded repository, the shard) that stores one of the tensors named.</summary>
    private (RepoFile File, Files.WeightFileLayout Layout) FileHolding(HubRepo repo, params string[] names) =>
        repo.Files.Where(f => f.Weights is not null).Select(f => (File: f, Layout: Server.Hub.LayoutOf(repo, f)))
            .First(p => p.Layout.Tensors.Any(t => names.Contains(t.Tensor.Name)));

    [Fact]
    public async Task A_llama_gguf_holds_each_heads_query_rows_interleaved_as_llama_cpp_converts_them()
    {
        var copy = Generated.Truth.Models.First(m => m.Relation == "quantized"
            && Generated.Catalog.Repos.Single(r => r.Id == m.Id) is var r && r.Architecture.StartsWith("llama", StringComparison.Ordinal) && r.Files.Any(f => f.Path.EndsWith(".Q8_0.gguf", StringComparison.Ordinal)));
        var repo = Server.Hub.Find(copy.Id)!;
        var file = repo.Files.Single(f => f.Path.EndsWith(".gguf", StringComparison.Ordinal));
        var (stored, begin, end) = Server.Hub.LayoutOf(repo, file).Tensors.First(t => t.Tensor.Name.EndsWith("attn_q.weight", StringComparison.Ordinal));
        var bytes = await RangeAsync($"{copy.Id}/resolve/main/{file.Path}", begin, end - 1);
        var decoded = new float[stored.Elements];
        TensorCodec.Decode(stored.Type, bytes, decoded);
        var parent = Server.Hub.Recipes.WeightsOf(copy.Parents.Single().Id).ReadAll(stored.Source);
        var (columns, headSize) = ((int)stored.Shape[1], (int)stored.Shape[0] / stored.Heads);

        double Distance(int row, int parentRow) => Enumerable.Range(0, columns).Sum(c => Math.Abs(decoded[(row * columns) + c] - parent[(parentRow * columns) + c]));
        for (var row = 0; row < stored.Shape[0]; row++)
        {
            var (head, within) = Math.DivRem(row, headSize);
            var source = (head * headSize) + (within % 2 * (headSize / 2)) + (within / 2);
            var other = source == row ? (row + 1) % (int)stored.Shape[0] : row;
            Assert.True(Distance(row, source) < Distance(row, other) / 10, $"stored row {row} should hold the checkpoint's row {source}");
        }
    }

    [Fact]
    public async Task A_gguf_file_starts_with_its_magic_and_version_3()
    {
        var gguf = Generated.Catalog.Repos.First(r => r.Files.Any(f => f.Path.EndsWith(".Q4_K_M.gguf", StringComparison.Ordinal)));
        var file = gguf.Files.Single(f => f.Path.EndsWith(".gguf", StringComparison.Ordinal)).Path;
        var start = await RangeAsync($"{gguf.Id}/resolve/main/{file}", 0, 7);
        Assert.Equal("GGUF"u8.ToArray(), start[..4]);
        Assert.Equal(3u, BitConverter.ToUInt32(start, 4));
    }
}
