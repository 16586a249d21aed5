using System.Buffers.Binary;
using HubWatch.Formats.Gguf;

namespace HubWatch.Formats.Reading;

/// <summary>Reads GGUF metadata values (docs/gguf.md, "Standardized key-value pairs" and gguf_type).</summary>
internal static class GgufMetadataReader
{
    public static async ValueTask<object> ReadValueAsync(GgufCursor cursor, GgufValueType type, string key, CancellationToken ct)
    {
        if (type == GgufValueType.Array)
        {
            return await ReadArrayAsync(cursor, key, ct).ConfigureAwait(false);
        }

        if (type == GgufValueType.String)
        {
            return await cursor.ReadStringAsync(GgufReader.MaxStringBytes, $"string value of \"{key}\"", ct).ConfigureAwait(false);
        }

        var size = ScalarSize(type, key);
        var span = (await cursor.TakeAsync(size, $"value of \"{key}\"", ct).ConfigureAwait(false)).Span;
        return type switch
        {
            GgufValueType.UInt8 => span[0],
            GgufValueType.Int8 => (sbyte)span[0],
            GgufValueType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            GgufValueType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(span),
            GgufValueType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(span),
            GgufValueType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(span),
            GgufValueType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(span),
            GgufValueType.Bool => span[0] != 0,
            GgufValueType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(span),
            GgufValueType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(span),
            _ => BinaryPrimitives.ReadDoubleLittleEndian(span),
        };
    }

    public static GgufValueType CheckType(uint raw, string key) =>
        Enum.IsDefined((GgufValueType)raw)
            ? (GgufValueType)raw
            : throw new InvalidModelFileException($"Metadata \"{key}\" has the unknown value type {raw}.");

    private static async ValueTask<GgufArray> ReadArrayAsync(GgufCursor cursor, string key, CancellationToken ct)
    {
        var elementType = CheckType(await cursor.ReadUInt32Async($"array type of \"{key}\"", ct).ConfigureAwait(false), key);
        if (elementType == GgufValueType.Array)
        {
            throw new InvalidModelFileException($"Metadata \"{key}\" is an array of arrays, which GGUF readers do not support.");
        }

        var count = await cursor.ReadUInt64Async($"array length of \"{key}\"", ct).ConfigureAwait(false);
        if (count > GgufReader.MaxArrayLength)
        {
            throw new InvalidModelFileException($"Metadata \"{key}\" claims {count} array elements; the limit is {GgufReader.MaxArrayLength}.");
        }

        var kept = (int)Math.Min(count, GgufReader.MaxStoredArrayItems);
        var items = new List<object>(Math.Min(kept, 4096));
        if (elementType == GgufValueType.String)
        {
            // Strings have to be walked to find where the array ends; only the first ones are kept.
            for (ulong i = 0; i < count; i++)
            {
                var item = await cursor.ReadStringAsync(GgufReader.MaxStringBytes, $"element {i} of \"{key}\"", ct).ConfigureAwait(false);
                if (i < (ulong)kept)
                {
                    items.Add(item);
                }
            }

            return new GgufArray(elementType, (long)count, items);
        }

        var size = ScalarSize(elementType, key);
        for (var i = 0; i < kept; i++)
        {
            items.Add(await ReadValueAsync(cursor, elementType, key, ct).ConfigureAwait(false));
        }

        cursor.Skip(checked((long)(count - (ulong)kept) * size), $"array \"{key}\"");
        return new GgufArray(elementType, (long)count, items);
    }

    private static int ScalarSize(GgufValueType type, string key) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        _ => throw new InvalidModelFileException($"Metadata \"{key}\" has the unknown value type {(uint)type}."),
    };
}
