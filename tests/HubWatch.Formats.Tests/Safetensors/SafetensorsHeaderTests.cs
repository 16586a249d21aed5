using System.Buffers.Binary;
using System.Text.Json;
using HubWatch.Formats.Safetensors;

namespace HubWatch.Formats.Tests.Safetensors;

public class SafetensorsHeaderTests
{
    [Fact]
    public void One_tensor_gives_the_worked_prefix_padded_with_spaces_to_a_multiple_of_8()
    {
        var header = SafetensorsHeader.Build([new SafetensorsTensor("a", "F32", [2, 3])]);

        const string json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}"; // 57 bytes → 64
        var expected = new byte[8 + 64];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, 64);
        System.Text.Encoding.ASCII.GetBytes(json).CopyTo(expected, 8);
        expected.AsSpan(8 + json.Length).Fill((byte)' ');
        Assert.Equal(expected, header.Prefix.ToArray());
        Assert.Equal(24, header.DataLength);
        Assert.Equal(72 + 24, header.FileLength);
        var entry = Assert.Single(header.Entries);
        Assert.Equal(("a", "F32", 72L, 96L), (entry.Name, entry.Dtype, entry.Begin, entry.End));
        Assert.Equal([2L, 3L], entry.Shape);
    }

    [Fact]
    public void Offsets_are_contiguous_in_the_given_order_and_absolute_in_entries()
    {
        SafetensorsTensor[] tensors =
        [
            new("z.weight", "BF16", [3, 5]),
            new("a.bias", "I8", [7]),
            new("scalar", "F64", []),
            new("empty", "F32", [0, 4]),
        ];

        var header = SafetensorsHeader.Build(tensors);

        var start = header.PrefixLength;
        Assert.Equal(new[] { (start, start + 30), (start + 30, start + 37), (start + 37, start + 45), (start + 45, start + 45) },
            header.Entries.Select(e => (e.Begin, e.End)));
        Assert.Equal(45, header.DataLength);
        Assert.Equal(header.Entries[1], header.EntryOf("a.bias"));
        Assert.Throws<KeyNotFoundException>(() => header.EntryOf("missing"));
    }

    [Fact]
    public void Header_length_is_a_multiple_of_8_for_every_name_length_and_the_json_parses()
    {
        for (var nameLength = 1; nameLength <= 17; nameLength++)
        {
            var header = SafetensorsHeader.Build([new SafetensorsTensor(new string('n', nameLength), "F16", [1])]);

            Assert.Equal(0, header.HeaderLength % 8);
            var json = header.Prefix.Span[8..];
            Assert.Equal((ulong)json.Length, BinaryPrimitives.ReadUInt64LittleEndian(header.Prefix.Span));
            var trimmed = json.TrimEnd((byte)' ');
            Assert.True(json.Length - trimmed.Length < 8);
            using var document = JsonDocument.Parse(trimmed.ToArray());
            Assert.Equal(new string('n', nameLength), document.RootElement.EnumerateObject().Single().Name);
        }
    }

    [Fact]
    public void Metadata_comes_first_in_the_given_order_and_awkward_strings_survive_a_json_parser()
    {
        var metadata = new Dictionary<string, string> { ["zeta"] = "1", ["quote\"back\\slash"] = "tab\tnew\nline\u0001", ["alpha"] = "ünïcødé 模型 🤗" };
        var header = SafetensorsHeader.Build([new SafetensorsTensor("layer.\"0\"\n", "F32", [1])], metadata);

        var json = header.Prefix[8..].ToArray();
        using var document = JsonDocument.Parse(json.AsMemory().TrimEnd((byte)' '));
        var properties = document.RootElement.EnumerateObject().ToList();
        Assert.Equal(["__metadata__", "layer.\"0\"\n"], properties.Select(p => p.Name));
        Assert.Equal(metadata.ToList(), properties[0].Value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)));
        // serde_json style: UTF-8 written as is, only quotes, backslashes and control characters escaped.
        Assert.True(json.AsSpan().IndexOf("🤗"u8) >= 0);
        Assert.True(json.AsSpan().IndexOf("\\u0001"u8) >= 0);
    }

    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        SafetensorsTensor[] tensors = [new("b", "F32", [4, 4]), new("a", "BF16", [8])];
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["source"] = "hubwatch" };

        var first = SafetensorsHeader.Build(tensors, metadata);
        var second = SafetensorsHeader.Build([.. tensors.Select(t => t with { Shape = [.. t.Shape] })], new Dictionary<string, string>(metadata));

        Assert.Equal(first.Prefix.ToArray(), second.Prefix.ToArray());
    }

    [Fact]
    public void Invalid_tensors_are_rejected_with_argument_errors()
    {
        Assert.Throws<ArgumentException>(() => SafetensorsHeader.Build([new("a", "F32", [1]), new("a", "F32", [1])]));
        Assert.Throws<ArgumentException>(() => SafetensorsHeader.Build([new("__metadata__", "F32", [1])]));
        Assert.Throws<ArgumentException>(() => SafetensorsHeader.Build([new("", "F32", [1])]));
        Assert.Throws<ArgumentException>(() => SafetensorsHeader.Build([new("a", "Q8_0", [32])]));
        Assert.Throws<ArgumentException>(() => SafetensorsHeader.Build([new("a", "f32", [1])]));
        Assert.Throws<ArgumentException>(() => SafetensorsHeader.Build([new("a", "F32", [-1])]));
        Assert.Throws<ArgumentException>(() => SafetensorsHeader.Build([new("a", "F64", [long.MaxValue / 4])]));
        Assert.Throws<ArgumentException>(() => SafetensorsHeader.Build([new("a", "U8", [long.MaxValue]), new("b", "U8", [2])]));
    }
}
