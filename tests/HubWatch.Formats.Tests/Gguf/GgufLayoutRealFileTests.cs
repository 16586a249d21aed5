using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;
using HubWatch.Formats.Tests.Readers;

namespace HubWatch.Formats.Tests.Gguf;

public class GgufLayoutRealFileTests
{
    /// <summary>
    /// Given the KV pairs and tensors read from a real GGUF (written by the project's converter with gguf-py
    /// conventions), the layout yields the same offsets and file size, and the prefix is byte-identical to the
    /// file's first DataStart bytes (KV order and value types are taken from the file).
    /// </summary>
    [Theory]
    [InlineData("stories260K.f32.gguf")]
    [InlineData("stories260K.q8_0.gguf")]
    public void Reproduces_offsets_file_size_and_prefix_of_the_real_file(string fileName)
    {
        var real = GgufFile.Read(TestFiles.Stories260K(fileName));
        var tensors = real.Tensors.Select(t => new GgufTensor(t.Name, t.RowMajorShape, TypeOf(t.TypeId))).ToList();

        var layout = GgufLayout.Build(real.Metadata, tensors);

        Assert.Equal(real.DataStart, layout.DataStart);
        Assert.Equal(real.Bytes.LongLength, layout.FileLength);
        foreach (var (expected, actual) in real.Tensors.Zip(layout.Tensors))
        {
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(real.DataStart + expected.RelativeOffset, actual.Begin);
        }

        Assert.True(layout.Prefix.Span.SequenceEqual(real.Bytes.AsSpan(0, (int)real.DataStart)), "Prefix differs from the real file.");
    }

    [Fact]
    public void Tensor_ranges_of_the_q8_0_file_hold_the_q8_0_bytes_and_the_gaps_are_zero()
    {
        var real = GgufFile.Read(TestFiles.Stories260K("stories260K.q8_0.gguf"));
        var layout = GgufLayout.Build(real.Metadata, [.. real.Tensors.Select(t => new GgufTensor(t.Name, t.RowMajorShape, TypeOf(t.TypeId)))]);

        var gate = layout.TensorOf("blk.0.ffn_gate.weight");
        Assert.Equal(TensorType.Q8_0, gate.Type);
        Assert.Equal(172 * 64 / 32 * 34, gate.Length); // 11696, not a multiple of 32: padding follows
        var next = layout.Tensors[layout.Tensors.ToList().IndexOf(gate) + 1];
        Assert.Equal(11712, next.Begin - gate.Begin);
        Assert.All(real.Bytes[(int)gate.End..(int)next.Begin], b => Assert.Equal(0, b));
    }

    private static TensorType TypeOf(uint id) =>
        GgmlTypeIds.TryGetType(id, out var type) ? type : throw new InvalidDataException($"Unexpected ggml type {id}.");
}
