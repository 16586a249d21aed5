using System.Buffers.Binary;
using HubWatch.Formats.Gguf;

namespace HubWatch.Formats.Tests.Readers;

/// <summary>
/// A test-only GGUF v3 header reader, written from docs/gguf.md independently of GgufLayout: the KV pairs (for the
/// value types a llama header uses), the tensor infos, and the data section start.
/// </summary>
internal sealed record GgufFile(
    byte[] Bytes,
    IReadOnlyList<GgufMetadataEntry> Metadata,
    IReadOnlyList<GgufFileTensor> Tensors,
    long HeaderEnd,
    long DataStart)
{
    public GgufFileTensor Tensor(string name) => Tensors.Single(t => t.Name == name);

    public ReadOnlySpan<byte> BytesOf(GgufFileTensor tensor, long byteLength) =>
        Bytes.AsSpan((int)(DataStart + tensor.RelativeOffset), (int)byteLength);

    public static GgufFile Read(string path) => Parse(File.ReadAllBytes(path));

    public static GgufFile Parse(byte[] bytes)
    {
        var cursor = new Cursor(bytes);
        if (System.Text.Encoding.ASCII.GetString(cursor.Take(4)) != "GGUF")
        {
            throw new InvalidDataException("Not a GGUF file.");
        }

        var version = cursor.UInt32();
        if (version != 3)
        {
            throw new InvalidDataException($"GGUF version {version}, expected 3.");
        }

        var tensorCount = cursor.UInt64();
        var kvCount = cursor.UInt64();
        var metadata = new List<GgufMetadataEntry>();
        for (ulong i = 0; i < kvCount; i++)
        {
            var key = cursor.String();
            metadata.Add(new GgufMetadataEntry(key, ReadValue(cursor, (GgufValueType)cursor.UInt32())));
        }

        var tensors = new List<GgufFileTensor>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = cursor.String();
            var dimensions = new long[cursor.UInt32()];
            for (var d = 0; d < dimensions.Length; d++)
            {
                dimensions[d] = (long)cursor.UInt64();
            }

            tensors.Add(new GgufFileTensor(name, dimensions, cursor.UInt32(), (long)cursor.UInt64()));
        }

        var alignment = metadata.SingleOrDefault(m => m.Key == "general.alignment")?.Value.TryGetUInt32(out var a) == true ? a : 32u;
        var headerEnd = cursor.Position;
        var dataStart = (headerEnd + alignment - 1) / alignment * alignment;
        return new GgufFile(bytes, metadata, tensors, headerEnd, dataStart);
    }

    private static GgufValue ReadValue(Cursor cursor, GgufValueType type) => type switch
    {
        GgufValueType.UInt32 => GgufValue.UInt32(cursor.UInt32()),
        GgufValueType.Int32 => GgufValue.Int32((int)cursor.UInt32()),
        GgufValueType.Float32 => GgufValue.Float32(BitConverter.UInt32BitsToSingle(cursor.UInt32())),
        GgufValueType.Bool => GgufValue.Bool(cursor.Take(1)[0] != 0),
        GgufValueType.String => GgufValue.String(cursor.String()),
        GgufValueType.UInt64 => GgufValue.UInt64(cursor.UInt64()),
        GgufValueType.Array => ReadArray(cursor),
        _ => throw new InvalidDataException($"The test reader does not handle GGUF value type {type}."),
    };

    private static GgufValue ReadArray(Cursor cursor)
    {
        var elementType = (GgufValueType)cursor.UInt32();
        var count = (int)cursor.UInt64();
        return elementType switch
        {
            GgufValueType.String => GgufValue.StringArray(Enumerable.Range(0, count).Select(_ => cursor.String()).ToArray()),
            GgufValueType.Int32 => GgufValue.Int32Array(Enumerable.Range(0, count).Select(_ => (int)cursor.UInt32()).ToArray()),
            GgufValueType.Float32 => GgufValue.Float32Array(
                Enumerable.Range(0, count).Select(_ => BitConverter.UInt32BitsToSingle(cursor.UInt32())).ToArray()),
            _ => throw new InvalidDataException($"The test reader does not handle arrays of {elementType}."),
        };
    }

    private sealed class Cursor(byte[] bytes)
    {
        public int Position { get; private set; }

        public ReadOnlySpan<byte> Take(int count)
        {
            var span = bytes.AsSpan(Position, count);
            Position += count;
            return span;
        }

        public uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public string String() => System.Text.Encoding.UTF8.GetString(Take((int)UInt64()));
    }
}

/// <summary>A tensor info as stored: dimensions innermost first, ggml type id, offset relative to the data section.</summary>
internal sealed record GgufFileTensor(string Name, long[] GgufDimensions, uint TypeId, long RelativeOffset)
{
    /// <summary>Row-major shape, outermost first, as PyTorch and safetensors write it.</summary>
    public long[] RowMajorShape => [.. GgufDimensions.Reverse()];

    public long ElementCount => GgufDimensions.Aggregate(1L, (product, d) => product * d);
}
