using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;
using HubWatch.Formats.Reading;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Tests.Fingerprints;

/// <summary>
/// GGUF files in every ggml block type HubWatch reads, sampled as the fingerprint job samples them: the blocks are
/// ggml's own random blocks and the expected anchors ggml's own dequantisation of them (the formats tests' fixtures).
/// </summary>
public sealed class GgufSamplingTests : IDisposable
{
    private static readonly (TensorType Type, string Stem)[] BlockTypes =
    [
        (TensorType.Q4_0, "q4_0"), (TensorType.Q4_1, "q4_1"), (TensorType.Q5_0, "q5_0"), (TensorType.Q5_1, "q5_1"), (TensorType.Q8_0, "q8_0"),
        (TensorType.Q2_K, "q2_K"), (TensorType.Q3_K, "q3_K"), (TensorType.Q4_K, "q4_K"), (TensorType.Q5_K, "q5_K"), (TensorType.Q6_K, "q6_K"),
        (TensorType.Q8_K, "q8_K"), (TensorType.IQ2_XXS, "iq2_xxs"), (TensorType.IQ2_XS, "iq2_xs"), (TensorType.IQ2_S, "iq2_s"),
        (TensorType.IQ3_XXS, "iq3_xxs"), (TensorType.IQ3_S, "iq3_s"), (TensorType.IQ1_S, "iq1_s"), (TensorType.IQ1_M, "iq1_m"),
        (TensorType.IQ4_NL, "iq4_nl"), (TensorType.IQ4_XS, "iq4_xs"), (TensorType.TQ1_0, "tq1_0"), (TensorType.TQ2_0, "tq2_0"),
        (TensorType.MXFP4, "mxfp4"), (TensorType.NVFP4, "nvfp4"), (TensorType.Q1_0, "q1_0"), (TensorType.Q2_0, "q2_0"),
    ];

    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Every_ggml_block_type_is_sampled_to_the_values_ggml_dequantises()
    {
        await WriteAsync(BlockTypes.Select(b => (b.Stem, b.Type, Blocks(b.Stem))).ToArray());

        using var source = new FileByteSource(_file);
        var sample = await WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None);

        Assert.Equal(0, sample.Fingerprint.UnreadParameters);
        foreach (var (type, stem) in BlockTypes)
        {
            var fingerprint = sample.Fingerprint.Tensors.Single(t => t.Name == stem);
            var expected = ReadFloats($"{stem}.random.dequant.f32");
            Assert.Equal(type, fingerprint.Type);
            for (var i = 0; i < fingerprint.Anchor.Length; i++)
                Assert.True(expected[fingerprint.ElementOf(i)] == fingerprint.Anchor[i], $"{type} anchor value {i}: ggml {expected[fingerprint.ElementOf(i)]}, sampled {fingerprint.Anchor[i]}");
        }
    }

    [Fact]
    public async Task A_block_whose_scale_is_NaN_is_refused_with_the_tensor_and_place_named()
    {
        var blocks = Blocks("q4_K");
        var row = SamplingPlan.AnchorOf([64, 256]).Row;
        BitConverter.GetBytes((Half)float.NaN).CopyTo(blocks, (int)row * 144); // d of the anchor row's only block
        await WriteAsync(("blk.0.ffn_up.weight", TensorType.Q4_K, blocks));

        using var source = new FileByteSource(_file);
        var error = await Assert.ThrowsAsync<InvalidModelFileException>(() => WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None));

        Assert.Contains($"tensor 'blk.0.ffn_up.weight' (Q4_K) decodes to NaN at row {row}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tensor_in_a_ggml_type_HubWatch_does_not_know_is_counted_unread_and_named()
    {
        await WriteAsync(("known", TensorType.Q8_0, Blocks("q8_0")), ("future", TensorType.Q4_0, Blocks("q4_0")));
        await SetTypeIdAsync("future", 77);

        using var source = new FileByteSource(_file);
        var sample = await WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None);

        Assert.Equal(["known"], sample.Fingerprint.Tensors.Select(t => t.Name));
        Assert.Equal(["future (ggml type 77)"], sample.Fingerprint.Skipped);
        Assert.Equal(64 * 256, sample.Fingerprint.UnreadParameters);
    }

    [Fact]
    public async Task The_format_names_the_file_type_llama_cpp_wrote()
    {
        await WriteAsync([("w", TensorType.Q5_K, Blocks("q5_K"))], [new(GgufFileTypes.Key, GgufValue.UInt32(17))]);

        using var source = new FileByteSource(_file);
        var sample = await WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None);

        Assert.Equal("gguf v3, Q5_K_M", sample.Fingerprint.Format);
    }

    [Theory]
    [InlineData("llama", "blk.3.attn_q.weight", 4, true)]
    [InlineData("llama", "blk.3.attn_k.weight", 2, true)] // key rows split into the key-value heads
    [InlineData("llama", "blk.3.ffn_up.weight", 0, false)]
    [InlineData("qwen2", "blk.3.attn_q.weight", 4, false)] // rotary halves: the converter leaves the rows alone
    public async Task Query_and_key_rows_that_llama_cpp_interleaved_are_read_in_the_transformers_order(string architecture, string name, int heads, bool interleaved)
    {
        // a checkpoint's matrix of 64 rows × 256 whose row r holds r + column / 1000, stored as the converter would
        var checkpoint = Enumerable.Range(0, 64 * 256).Select(i => (i / 256) + (i % 256 / 1000f)).ToArray();
        var stored = interleaved ? LlamaCppPermute(checkpoint, 64, 256, heads) : checkpoint;
        var bytes = new byte[stored.Length * 4];
        TensorCodec.Encode(TensorType.F32, stored, bytes);
        GgufMetadataEntry[] metadata =
        [
            new("general.architecture", GgufValue.String(architecture)),
            new($"{architecture}.attention.head_count", GgufValue.UInt32(4)),
            new($"{architecture}.attention.head_count_kv", GgufValue.UInt32(2)),
        ];
        await WriteAsync([(name, TensorType.F32, bytes)], metadata);

        using var source = new FileByteSource(_file);
        var fingerprint = Assert.Single((await WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None)).Fingerprint.Tensors);

        for (var i = 0; i < fingerprint.Anchor.Length; i++)
            Assert.Equal(checkpoint[fingerprint.ElementOf(i)], fingerprint.Anchor[i]);
    }

    /// <summary>convert_hf_to_gguf.py's LlamaModel.permute: w.reshape(heads, 2, rows / heads / 2, columns).swapaxes(1, 2).</summary>
    private static float[] LlamaCppPermute(float[] w, int rows, int columns, int heads)
    {
        var (half, permuted) = (rows / heads / 2, new float[w.Length]);
        for (var h = 0; h < heads; h++)
        {
            for (var j = 0; j < 2; j++)
            {
                for (var i = 0; i < half; i++)
                    w.AsSpan(((h * 2 * half) + (j * half) + i) * columns, columns).CopyTo(permuted.AsSpan(((h * 2 * half) + (2 * i) + j) * columns));
            }
        }
        return permuted;
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "GgmlReference", name);

    /// <summary>64 rows of 256 values in ggml's random blocks of the type.</summary>
    private static byte[] Blocks(string stem) => File.ReadAllBytes(Fixture($"{stem}.random.bin"));

    private static float[] ReadFloats(string name) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Fixture(name))).ToArray();

    private Task WriteAsync(params (string Name, TensorType Type, byte[] Data)[] tensors) => WriteAsync(tensors, []);

    private async Task WriteAsync((string Name, TensorType Type, byte[] Data)[] tensors, GgufMetadataEntry[] metadata)
    {
        var layout = GgufLayout.Build(metadata, [.. tensors.Select(t => new GgufTensor(t.Name, [64, 256], t.Type))]);
        await using var file = File.Create(_file);
        file.SetLength(layout.FileLength);
        await file.WriteAsync(layout.Prefix);
        foreach (var (name, _, data) in tensors)
        {
            file.Position = layout.TensorOf(name).Begin;
            await file.WriteAsync(data);
        }
    }

    /// <summary>Rewrites a tensor info's ggml type id: after its name come the rank, the dimensions, then the type.</summary>
    private async Task SetTypeIdAsync(string name, uint typeId)
    {
        var bytes = await File.ReadAllBytesAsync(_file);
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var at = bytes.AsSpan().IndexOf([.. BitConverter.GetBytes((ulong)nameBytes.Length), .. nameBytes]) + 8 + nameBytes.Length;
        BitConverter.GetBytes(typeId).CopyTo(bytes, at + 4 + (8 * BitConverter.ToInt32(bytes, at)));
        await File.WriteAllBytesAsync(_file, bytes);
    }
}
