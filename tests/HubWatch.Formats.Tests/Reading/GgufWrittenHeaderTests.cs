using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;
using HubWatch.Formats.Reading;

namespace HubWatch.Formats.Tests.Reading;

/// <summary>Round trips through HubWatch's own GGUF writer (<see cref="GgufLayout"/>), for the value kinds the real files lack.</summary>
public class GgufWrittenHeaderTests
{
    [Fact]
    public async Task Arrays_read_back_and_long_ones_are_kept_only_in_part()
    {
        var tokens = Enumerable.Range(0, GgufReader.MaxStoredArrayItems + 10).Select(i => $"t{i}").ToArray();
        var layout = GgufLayout.Build(
            [
                new GgufMetadataEntry("tokenizer.ggml.tokens", GgufValue.StringArray(tokens)),
                new GgufMetadataEntry("scores", GgufValue.Float32Array([0.5f, -1f])),
            ],
            [new GgufTensor("w", [2, 64], TensorType.Q8_0)]);
        var file = new byte[layout.FileLength];
        layout.Prefix.CopyTo(file);

        var header = await GgufReader.ReadHeaderAsync(new MemoryByteSource(file), CancellationToken.None);

        var stored = Assert.IsType<GgufArray>(header.Metadata["tokenizer.ggml.tokens"]);
        Assert.Equal(tokens.Length, stored.Count);
        Assert.True(stored.IsTruncated);
        Assert.Equal("t65535", stored.Items[^1]);
        Assert.Equal([0.5f, -1f], Assert.IsType<GgufArray>(header.Metadata["scores"]).Items.Cast<float>());
        var tensor = header.Tensor("w");
        Assert.Equal([2L, 64L], tensor.Shape);
        Assert.Equal(layout.TensorOf("w").Begin, tensor.Begin);
        Assert.Equal(layout.TensorOf("w").End, tensor.End);
    }

    [Fact]
    public async Task A_tensor_of_a_type_HubWatch_does_not_decode_is_listed_as_unread_and_the_rest_is_read()
    {
        var layout = GgufLayout.Build(
            [],
            [new GgufTensor("w", [2, 64], TensorType.Q8_0), new GgufTensor("pos", [64], TensorType.F32), new GgufTensor("future", [2, 64], TensorType.Q4_0)]);
        var file = new byte[layout.FileLength];
        layout.Prefix.CopyTo(file);
        SetTypeId(file, "pos", 26); // I32: same size as F32
        SetTypeId(file, "future", 77); // a ggml type newer than HubWatch: size unknown

        var header = await GgufReader.ReadHeaderAsync(new MemoryByteSource(file), CancellationToken.None);

        Assert.Equal(["w"], header.Tensors.Select(t => t.Name));
        Assert.Equal(
            [("pos", "I32", 64L, layout.TensorOf("pos").Begin), ("future", "ggml type 77", 128L, layout.TensorOf("future").Begin)],
            header.Unread.Select(t => (t.Name, t.Encoding, t.ElementCount, t.Begin)));
    }

    [Fact]
    public async Task An_unknown_type_starting_past_the_end_of_the_file_is_refused()
    {
        var layout = GgufLayout.Build([], [new GgufTensor("w", [2, 64], TensorType.Q8_0), new GgufTensor("future", [4096, 64], TensorType.Q4_0)]);
        var file = new byte[layout.FileLength];
        layout.Prefix.CopyTo(file);
        SetTypeId(file, "future", 77);
        var truncated = file.AsSpan(0, (int)layout.TensorOf("future").Begin - 1).ToArray();

        var error = await Assert.ThrowsAsync<InvalidModelFileException>(() => GgufReader.ReadHeaderAsync(new MemoryByteSource(truncated), CancellationToken.None));

        Assert.Contains("\"future\"", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Rewrites the ggml type id of a tensor info: after its name come the rank, the dimensions, then the type.</summary>
    private static void SetTypeId(byte[] file, string name, uint typeId)
    {
        var nameBytes = System.Text.Encoding.UTF8.GetBytes(name);
        var at = file.AsSpan().IndexOf([.. BitConverter.GetBytes((ulong)nameBytes.Length), .. nameBytes]) + 8 + nameBytes.Length;
        var rank = BitConverter.ToInt32(file, at);
        BitConverter.GetBytes(typeId).CopyTo(file, at + 4 + (8 * rank));
    }
}
