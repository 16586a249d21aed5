using System.Buffers.Binary;
using System.Text.Json;

namespace HubWatch.Formats.Tests.Readers;

/// <summary>
/// A deliberately independent, test-only safetensors header reader (System.Text.Json, not the code under test):
/// tensor records in the JSON's own order with absolute byte ranges, and the __metadata__ strings.
/// </summary>
internal sealed record SafetensorsFile(
    byte[] Bytes,
    long HeaderLength,
    IReadOnlyList<SafetensorsFileTensor> Tensors,
    IReadOnlyList<KeyValuePair<string, string>>? Metadata)
{
    public long DataStart => 8 + HeaderLength;

    public SafetensorsFileTensor Tensor(string name) => Tensors.Single(t => t.Name == name);

    public ReadOnlySpan<byte> BytesOf(SafetensorsFileTensor tensor) =>
        Bytes.AsSpan((int)(DataStart + tensor.DataBegin), (int)(tensor.DataEnd - tensor.DataBegin));

    public static SafetensorsFile Read(string path) => Parse(File.ReadAllBytes(path));

    public static SafetensorsFile Parse(byte[] bytes)
    {
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var json = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var tensors = new List<SafetensorsFileTensor>();
        List<KeyValuePair<string, string>>? metadata = null;
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                metadata = [.. property.Value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!))];
                continue;
            }

            var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            tensors.Add(new SafetensorsFileTensor(
                property.Name,
                property.Value.GetProperty("dtype").GetString()!,
                [.. property.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())],
                offsets[0],
                offsets[1]));
        }

        return new SafetensorsFile(bytes, headerLength, tensors, metadata);
    }
}

/// <summary>One tensor as the header states it; offsets relative to the data section, as in the file.</summary>
internal sealed record SafetensorsFileTensor(string Name, string Dtype, long[] Shape, long DataBegin, long DataEnd);
