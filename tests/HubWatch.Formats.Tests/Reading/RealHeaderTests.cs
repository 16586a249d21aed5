using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;
using HubWatch.Formats.Safetensors;
using static HubWatch.Formats.Tests.Reading.ReadingTestFiles;

namespace HubWatch.Formats.Tests.Reading;

public class RealHeaderTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Theory]
    [InlineData(StoriesF32Safetensors, "F32")]
    [InlineData(StoriesBf16Safetensors, "BF16")]
    [InlineData(RnnoiseInt8Safetensors, "I8")]
    public async Task Safetensors_headers_read_and_tile_the_file(string file, string dtype)
    {
        using var source = new FileByteSource(PathOf(file));
        var header = await SafetensorsReader.ReadHeaderAsync(source, Ct);

        Assert.Equal(2, source.Requests);
        Assert.Equal(8 + header.HeaderLength, source.BytesRead);
        Assert.NotEmpty(header.Tensors);
        Assert.All(header.Tensors, t => Assert.Equal(dtype, t.Dtype));
        Assert.All(header.Tensors, t => Assert.Equal(t.ElementCount * SafetensorsDtypes.SizeOf(t.Dtype), t.Length));
        Assert.Equal(header.DataStart + header.Tensors.Sum(t => t.Length), source.Length);
    }

    [Fact]
    public async Task Stories_safetensors_has_the_llama2c_embedding()
    {
        using var source = new FileByteSource(PathOf(StoriesF32Safetensors));
        var header = await SafetensorsReader.ReadHeaderAsync(source, Ct);

        Assert.Equal([512L, 64L], header.Tensor("tok_embeddings.weight").Shape);
        Assert.NotEmpty(header.Metadata);
    }

    [Theory]
    [InlineData(StoriesF32Gguf)]
    [InlineData(StoriesQ8Gguf)]
    public async Task Gguf_headers_read_with_consistent_offsets(string file)
    {
        using var source = new FileByteSource(PathOf(file));
        var header = await GgufReader.ReadHeaderAsync(source, Ct);

        Assert.Equal(3u, header.Version);
        Assert.Equal(0, header.DataStart % header.Alignment);
        Assert.Equal([512L, 64L], header.Tensor("token_embd.weight").Shape);
        Assert.All(header.Tensors, t => Assert.Equal(TensorCodec.ByteCount(t.Type, t.ElementCount), t.Length));
        Assert.All(header.Tensors, t => Assert.Equal(0, (t.Begin - header.DataStart) % header.Alignment));
        Assert.True(header.Tensors.Max(t => t.End) <= source.Length);
        Assert.Equal("llama", header.Metadata["general.architecture"]);
        Assert.Equal(5u, Convert.ToUInt32(header.Metadata["llama.block_count"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(5, header.Tensors.Count(t => t.Name.EndsWith(".attn_q.weight", StringComparison.Ordinal)));
        // chunks grow from 4 kB: the header is read without reading far into the tensor data after it
        Assert.True(source.BytesRead <= 2 * header.DataStart + 4096, $"{source.BytesRead} bytes read for a {header.DataStart}-byte header");
    }

    [Fact]
    public async Task Q8_file_keeps_ffn_down_f32_because_172_is_not_a_multiple_of_32()
    {
        using var source = new FileByteSource(PathOf(StoriesQ8Gguf));
        var header = await GgufReader.ReadHeaderAsync(source, Ct);

        Assert.Equal(TensorType.Q8_0, header.Tensor("token_embd.weight").Type);
        Assert.Equal(TensorType.F32, header.Tensor("blk.0.ffn_down.weight").Type);
    }

    [Fact]
    public async Task Safetensors_and_gguf_f32_files_hold_the_same_embedding_values()
    {
        using var safetensorsSource = new FileByteSource(PathOf(StoriesF32Safetensors));
        using var ggufSource = new FileByteSource(PathOf(StoriesF32Gguf));
        var st = (await SafetensorsReader.ReadHeaderAsync(safetensorsSource, Ct)).Tensor("tok_embeddings.weight");
        var gg = (await GgufReader.ReadHeaderAsync(ggufSource, Ct)).Tensor("token_embd.weight");

        var fromSafetensors = await TensorSlice.ReadAsync(safetensorsSource, st.Begin, TensorType.F32, 1000, 300, Ct);
        var fromGguf = await TensorSlice.ReadAsync(ggufSource, gg.Begin, gg.Type, 1000, 300, Ct);

        Assert.Equal(fromSafetensors, fromGguf);
        Assert.Contains(fromGguf, v => v != 0);
    }

    [Fact]
    public async Task Q8_slice_across_a_block_boundary_matches_the_f32_values_within_quantization_error()
    {
        using var f32Source = new FileByteSource(PathOf(StoriesF32Gguf));
        using var q8Source = new FileByteSource(PathOf(StoriesQ8Gguf));
        var f32 = (await GgufReader.ReadHeaderAsync(f32Source, Ct)).Tensor("token_embd.weight");
        var q8 = (await GgufReader.ReadHeaderAsync(q8Source, Ct)).Tensor("token_embd.weight");

        var exact = await TensorSlice.ReadAsync(f32Source, f32.Begin, f32.Type, 45, 40, Ct);
        var quantized = await TensorSlice.ReadAsync(q8Source, q8.Begin, q8.Type, 45, 40, Ct);

        Assert.Equal(40, quantized.Length);
        var scale = exact.Max(MathF.Abs);
        Assert.All(exact.Zip(quantized), pair => Assert.InRange(pair.Second - pair.First, -scale / 100, scale / 100));
    }

    [Fact]
    public async Task Corrupted_real_gguf_is_refused_at_the_bad_entry_with_a_one_line_reason()
    {
        using var source = new FileByteSource(PathOf(CorruptGguf));

        var error = await Assert.ThrowsAsync<InvalidModelFileException>(() => GgufReader.ReadHeaderAsync(source, Ct));

        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("The key of metadata entry 5 at offset 212 claims 1572864 bytes", error.Message, StringComparison.Ordinal);
        // refused on the claim, before reading it: a reader that went on would read the rest of the file
        Assert.True(source.BytesRead < source.Length, $"read {source.BytesRead} of {source.Length} bytes");
    }
}
