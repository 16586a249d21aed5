using System.Buffers.Binary;
using HubWatch.Formats.Reading;

namespace HubWatch.Formats.Tests.Reading;

/// <summary>One hand-made header per rule of safetensors' tensor.rs <c>validate</c>; single quotes stand for double quotes.</summary>
public class SafetensorsHostileHeaderTests
{
    [Fact]
    public async Task A_well_formed_header_is_accepted()
    {
        var file = Build("{'__metadata__':{'k':'v'},'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},'b':{'dtype':'I8','shape':[],'data_offsets':[8,9]}}", 9);

        var header = await SafetensorsReader.ReadHeaderAsync(new MemoryByteSource(file), CancellationToken.None);

        Assert.Equal(2, header.Tensors.Count);
        Assert.Equal("v", header.Metadata["k"]);
        Assert.Equal(header.DataStart + 8, header.Tensor("b").Begin);
    }

    [Theory]
    [InlineData("[1,2]", 0, "expected StartObject")]
    [InlineData("{'a':", 0, "JSON")]
    [InlineData("{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]},'a':{'dtype':'F32','shape':[1],'data_offsets':[4,8]}}", 8, "twice")]
    [InlineData("{'a':{'dtype':'F31','shape':[1],'data_offsets':[0,4]}}", 4, "unknown dtype")]
    [InlineData("{'a':{'dtype':'F32','shape':[4294967296,4294967296,4],'data_offsets':[0,4]}}", 4, "overflows")]
    [InlineData("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,4]}}", 4, "needs 8 bytes")]
    [InlineData("{'a':{'dtype':'F32','shape':[1],'data_offsets':[4,8]}}", 8, "gap")]
    [InlineData("{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]},'b':{'dtype':'F32','shape':[1],'data_offsets':[8,12]}}", 12, "gap")]
    [InlineData("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]},'b':{'dtype':'F32','shape':[2],'data_offsets':[4,12]}}", 12, "overlaps")]
    [InlineData("{'a':{'dtype':'F32','shape':[0],'data_offsets':[4,0]}}", 4, "before it begins")]
    [InlineData("{'a':{'dtype':'F32','shape':[2],'data_offsets':[0,8]}}", 4, "past the end")]
    [InlineData("{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}", 8, "trailing bytes")]
    [InlineData("{'a':{'dtype':'F32','shape':[-1],'data_offsets':[0,4]}}", 4, "non-negative")]
    [InlineData("{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4,8]}}", 8, "more than 2")]
    [InlineData("{'a':{'dtype':'F32','shape':[1]}}", 4, "lacks")]
    [InlineData("{'__metadata__':{'k':1}}", 0, "metadata values are strings")]
    public async Task Hostile_header_is_refused_with_its_reason(string json, int dataBytes, string reason)
    {
        var error = await Refuse(Build(json, dataBytes));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_length_over_the_reference_limit_is_refused_before_reading_it()
    {
        var file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, SafetensorsReader.MaxHeaderLength + 1);
        var source = new MemoryByteSource(file, knownLength: false);

        var error = await Refuse(file, source);

        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, source.Requests);
    }

    [Fact]
    public async Task Header_length_past_the_end_of_the_file_is_refused()
    {
        var file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1000);

        var error = await Refuse(file);

        Assert.Contains("past the end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_that_is_not_utf8_is_refused()
    {
        var file = Build("{'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}", 4);
        file[10] = 0xFF;

        var error = await Refuse(file);

        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    private static async Task<InvalidModelFileException> Refuse(byte[] file, MemoryByteSource? source = null)
    {
        var error = await Assert.ThrowsAsync<InvalidModelFileException>(
            () => SafetensorsReader.ReadHeaderAsync(source ?? new MemoryByteSource(file), CancellationToken.None));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    private static byte[] Build(string json, int dataBytes)
    {
        var header = System.Text.Encoding.UTF8.GetBytes(json.Replace('\'', '"'));
        var file = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        return file;
    }
}
