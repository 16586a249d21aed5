using System.Buffers.Binary;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;
using HubWatch.Formats.Tests.Readers;

namespace HubWatch.Formats.Tests.Gguf;

public class GgufLayoutTests
{
    [Fact]
    public void One_kv_and_one_tensor_give_the_worked_bytes()
    {
        var layout = GgufLayout.Build(
            [new GgufMetadataEntry("general.architecture", GgufValue.String("llama"))],
            [new GgufTensor("t", [2, 3], TensorType.F32)]);

        // 24 header + (8 + 20 key, 4 type, 8 + 5 value) + (8 + 1 name, 4 n_dims, 2 × 8 dims, 4 type, 8 offset) = 110 → 128.
        var expected = new List<byte>();
        expected.AddRange("GGUF"u8.ToArray());
        expected.AddRange(UInt32(3));
        expected.AddRange(UInt64(1));
        expected.AddRange(UInt64(1));
        expected.AddRange(GgufString("general.architecture"));
        expected.AddRange(UInt32(8));
        expected.AddRange(GgufString("llama"));
        expected.AddRange(GgufString("t"));
        expected.AddRange(UInt32(2));
        expected.AddRange(UInt64(3)); // ne[0] is the innermost dimension
        expected.AddRange(UInt64(2));
        expected.AddRange(UInt32(0));
        expected.AddRange(UInt64(0));
        Assert.Equal(110, expected.Count);
        expected.AddRange(new byte[18]);

        Assert.Equal(expected, layout.Prefix.ToArray());
        Assert.Equal(128, layout.DataStart);
        var tensor = Assert.Single(layout.Tensors);
        Assert.Equal((128L, 152L), (tensor.Begin, tensor.End));
        Assert.Equal(160, layout.FileLength); // the last tensor is padded to the alignment too
    }

    [Fact]
    public void General_alignment_sets_the_data_start_and_every_tensor_offset()
    {
        var layout = GgufLayout.Build(
            [new GgufMetadataEntry("general.alignment", GgufValue.UInt32(64))],
            [new GgufTensor("a", [1, 32], TensorType.Q8_0), new GgufTensor("b", [256], TensorType.Q4_K), new GgufTensor("c", [2, 256], TensorType.Q6_K)]);

        Assert.Equal(64u, layout.Alignment);
        Assert.Equal(0, layout.DataStart % 64);
        Assert.Equal(new long[] { 34, 144, 420 }, layout.Tensors.Select(t => t.Length));
        Assert.Equal(new long[] { 0, 64, 256 }, layout.Tensors.Select(t => t.Begin - layout.DataStart));
        Assert.Equal(layout.DataStart + 256 + 448, layout.FileLength);
    }

    [Fact]
    public void Every_supported_value_type_reads_back_through_an_independent_reader()
    {
        GgufMetadataEntry[] metadata =
        [
            new("general.architecture", GgufValue.String("llama")),
            new("general.name", GgufValue.String("tiny — ünï")),
            new("general.file_type", GgufValue.UInt32(7)),
            new("general.base_model.count", GgufValue.UInt32(1)),
            new("general.base_model.0.name", GgufValue.String("Base")),
            new("general.base_model.0.repo_url", GgufValue.String("https://huggingface.co/org/base")),
            new("llama.block_count", GgufValue.UInt32(5)),
            new("llama.vocab_size", GgufValue.UInt32(512)),
            new("test.int32", GgufValue.Int32(-7)),
            new("test.float32", GgufValue.Float32(1e-5f)),
            new("test.bool", GgufValue.Bool(true)),
            new("test.uint64", GgufValue.UInt64(ulong.MaxValue)),
            new("tokenizer.ggml.tokens", GgufValue.StringArray(["<s>", "</s>", "▁a"])),
            new("tokenizer.ggml.token_type", GgufValue.Int32Array([1, 3, -1])),
            new("tokenizer.ggml.scores", GgufValue.Float32Array([0f, -1.5f])),
        ];

        var layout = GgufLayout.Build(metadata, [new GgufTensor("token_embd.weight", [4, 32], TensorType.Q4_0)]);
        var file = GgufFile.Parse(layout.Prefix.ToArray());

        Assert.Equal(metadata.Select(m => (m.Key, m.Value.ToString())), file.Metadata.Select(m => (m.Key, m.Value.ToString())));
        Assert.Equal(layout.Prefix.ToArray(), GgufLayout.Build(file.Metadata, [new GgufTensor("token_embd.weight", [4, 32], TensorType.Q4_0)]).Prefix.ToArray());
        var tensor = Assert.Single(file.Tensors);
        Assert.Equal(new long[] { 32, 4 }, tensor.GgufDimensions);
        Assert.Equal(2u, tensor.TypeId);
    }

    [Fact]
    public void Ggml_type_ids_are_the_ones_ggml_defines()
    {
        Assert.Equal(
            new uint[] { 0, 1, 30, 24, 8, 2, 12, 14 },
            new[] { TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.I8, TensorType.Q8_0, TensorType.Q4_0, TensorType.Q4_K, TensorType.Q6_K }
                .Select(GgmlTypeIds.Of));
        // the types read but not written, as ggml/include/ggml.h numbers them
        Assert.Equal(
            new uint[] { 3, 6, 7, 10, 11, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 29, 34, 35, 39, 40, 41, 42 },
            new[]
            {
                TensorType.Q4_1, TensorType.Q5_0, TensorType.Q5_1, TensorType.Q2_K, TensorType.Q3_K, TensorType.Q5_K, TensorType.Q8_K,
                TensorType.IQ2_XXS, TensorType.IQ2_XS, TensorType.IQ3_XXS, TensorType.IQ1_S, TensorType.IQ4_NL, TensorType.IQ3_S,
                TensorType.IQ2_S, TensorType.IQ4_XS, TensorType.IQ1_M, TensorType.TQ1_0, TensorType.TQ2_0, TensorType.MXFP4,
                TensorType.NVFP4, TensorType.Q1_0, TensorType.Q2_0,
            }.Select(GgmlTypeIds.Of));
        Assert.Throws<ArgumentException>(() => GgmlTypeIds.Of(TensorType.U8));
        Assert.False(GgmlTypeIds.TryGetType(9, out _)); // Q8_1: ggml's dot-product intermediate, never in files
        Assert.Equal("I32", GgmlTypeIds.NameOf(26));
        Assert.Equal("ggml type 77", GgmlTypeIds.NameOf(77));
    }

    [Fact]
    public void Inputs_ggml_readers_would_reject_are_refused()
    {
        GgufTensor ok = new("t", [32], TensorType.F32);
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([new("general.alignment", GgufValue.UInt32(48))], [ok]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([new("general.alignment", GgufValue.UInt32(0))], [ok]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([new("general.alignment", GgufValue.Int32(32))], [ok]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([new("k", GgufValue.Bool(true)), new("k", GgufValue.Bool(false))], [ok]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [ok, ok]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [new("u", [4], TensorType.U8)]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [new("q", [32, 48], TensorType.Q8_0)]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [new("five", [1, 1, 1, 1, 1], TensorType.F32)]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [new("scalar", [], TensorType.F32)]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [new(new string('n', 64), [1], TensorType.F32)]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [new("neg", [-1], TensorType.F32)]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [new("a", [long.MaxValue / 2], TensorType.F32)]));
        Assert.Throws<ArgumentException>(() => GgufLayout.Build([], [new("a", [long.MaxValue / 8], TensorType.F32), new("b", [long.MaxValue / 8], TensorType.F32)]));
        Assert.NotNull(GgufLayout.Build([], [new(new string('n', 63), [1], TensorType.F32)]));
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] UInt64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] GgufString(string value) => [.. UInt64((ulong)System.Text.Encoding.UTF8.GetByteCount(value)), .. System.Text.Encoding.UTF8.GetBytes(value)];
}
