using HubWatch.Formats.Safetensors;
using HubWatch.Formats.Tests.Readers;

namespace HubWatch.Formats.Tests.Safetensors;

public class SafetensorsHeaderRealFileTests
{
    /// <summary>
    /// The real files were written by the test-data converter with "__metadata__" as the LAST key; we write it first,
    /// as huggingface/safetensors does, so the JSON bytes do not match (checked below) — but every other byte of the
    /// JSON is the same (compact serde-style layout, same key order inside tensors), so the padded header length,
    /// and with it every absolute tensor range, is identical.
    /// </summary>
    [Theory]
    [InlineData("stories260K.f32.safetensors")]
    [InlineData("stories260K.bf16.safetensors")]
    public void Reproduces_the_tensor_byte_ranges_of_the_real_file(string fileName)
    {
        var real = SafetensorsFile.Read(TestFiles.Stories260K(fileName));
        var metadata = new Dictionary<string, string>(real.Metadata!);

        var header = SafetensorsHeader.Build([.. real.Tensors.Select(t => new SafetensorsTensor(t.Name, t.Dtype, t.Shape))], metadata);

        Assert.Equal(real.HeaderLength, header.HeaderLength);
        Assert.Equal(real.Bytes.LongLength, header.FileLength);
        Assert.Equal(real.Tensors.Count, header.Entries.Count);
        foreach (var (expected, actual) in real.Tensors.Zip(header.Entries))
        {
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal((real.DataStart + expected.DataBegin, real.DataStart + expected.DataEnd), (actual.Begin, actual.End));
        }

        // Not byte-identical, only because of where __metadata__ sits; the parsed content is the same.
        Assert.False(header.Prefix.Span.SequenceEqual(real.Bytes.AsSpan(0, (int)real.DataStart)));
        var reread = SafetensorsFile.Parse([.. header.Prefix.Span, .. real.Bytes.AsSpan((int)real.DataStart)]);
        Assert.Equal(real.Metadata, reread.Metadata);
        Assert.Equal(real.Tensors.Select(t => (t.Name, t.Dtype, string.Join(',', t.Shape), t.DataBegin, t.DataEnd)),
            reread.Tensors.Select(t => (t.Name, t.Dtype, string.Join(',', t.Shape), t.DataBegin, t.DataEnd)));
    }
}
