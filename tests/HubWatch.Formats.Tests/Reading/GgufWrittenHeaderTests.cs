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
}
