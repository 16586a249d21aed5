using System.Buffers.Binary;
using System.Numerics;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;

namespace HubWatch.Formats.Reading;

/// <summary>
/// Reads a GGUF (v2/v3) header incrementally and validates it before trusting any of it.
/// Every count and length is bounded before anything is allocated or skipped: llama.cpp's own parser trusted them and
/// got heap overflows from crafted files (CVE-2024-25664, -25665, -25666, -25667, -25668), and this reader meets
/// files from strangers on the internet.
/// </summary>
public static class GgufReader
{
    public const long MaxHeaderBytes = 64L * 1024 * 1024;
    public const ulong MaxTensors = 1_000_000;
    public const ulong MaxKeyValues = 100_000;
    public const long MaxStringBytes = 1024 * 1024;
    public const ulong MaxArrayLength = 10_000_000;
    public const int MaxStoredArrayItems = 65_536;

    private const uint Magic = 0x46554747; // "GGUF" read little-endian

    public static async Task<GgufFile> ReadHeaderAsync(IByteSource source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var cursor = new GgufCursor(source, MaxHeaderBytes);
        var fixedPart = (await cursor.TakeAsync(24, "fixed header", ct).ConfigureAwait(false)).Span;
        if (BinaryPrimitives.ReadUInt32LittleEndian(fixedPart) != Magic)
        {
            throw new InvalidModelFileException("File does not start with the GGUF magic.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart[4..]);
        if (version is not (2 or 3))
        {
            throw new InvalidModelFileException($"GGUF version {version} is not supported (only 2 and 3).");
        }

        var tensorCount = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart[8..]);
        var kvCount = BinaryPrimitives.ReadUInt64LittleEndian(fixedPart[16..]);
        if (tensorCount > MaxTensors)
        {
            throw new InvalidModelFileException($"Header claims {tensorCount} tensors; the limit is {MaxTensors}.");
        }

        if (kvCount > MaxKeyValues)
        {
            throw new InvalidModelFileException($"Header claims {kvCount} metadata entries; the limit is {MaxKeyValues}.");
        }

        var metadata = await ReadMetadataAsync(cursor, (int)kvCount, ct).ConfigureAwait(false);
        var alignment = AlignmentOf(metadata);
        var raw = await ReadTensorInfosAsync(cursor, (int)tensorCount, ct).ConfigureAwait(false);
        var dataStart = AlignUp(cursor.Position, alignment);
        var (tensors, unread) = GgufLayoutValidator.Validate(raw, alignment, dataStart, source.Length);
        return new GgufFile(version, alignment, dataStart, metadata, tensors, unread);
    }

    private static async Task<Dictionary<string, object>> ReadMetadataAsync(GgufCursor cursor, int count, CancellationToken ct)
    {
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = await cursor.ReadStringAsync(MaxStringBytes, $"key of metadata entry {i}", ct).ConfigureAwait(false);
            var type = GgufMetadataReader.CheckType(await cursor.ReadUInt32Async($"type of \"{key}\"", ct).ConfigureAwait(false), key);
            var value = await GgufMetadataReader.ReadValueAsync(cursor, type, key, ct).ConfigureAwait(false);
            if (!metadata.TryAdd(key, value))
            {
                throw new InvalidModelFileException($"Metadata key \"{key}\" appears twice.");
            }
        }

        return metadata;
    }

    private static uint AlignmentOf(Dictionary<string, object> metadata)
    {
        if (!metadata.TryGetValue(GgufLayout.AlignmentKey, out var value))
        {
            return GgufLayout.DefaultAlignment;
        }

        return value is uint alignment && BitOperations.IsPow2(alignment)
            ? alignment
            : throw new InvalidModelFileException($"{GgufLayout.AlignmentKey} must be a power-of-two uint32 (got {value}).");
    }

    private static async Task<List<GgufRawTensor>> ReadTensorInfosAsync(GgufCursor cursor, int count, CancellationToken ct)
    {
        var tensors = new List<GgufRawTensor>(Math.Min(count, 4096));
        for (var i = 0; i < count; i++)
        {
            var name = await cursor.ReadStringAsync(GgufLayout.MaxTensorNameBytes, $"name of tensor {i}", ct).ConfigureAwait(false);
            var rank = await cursor.ReadUInt32Async($"rank of \"{name}\"", ct).ConfigureAwait(false);
            if (rank > GgufLayout.MaxDimensions)
            {
                throw new InvalidModelFileException($"Tensor \"{name}\" has {rank} dimensions; ggml allows at most {GgufLayout.MaxDimensions}.");
            }

            var ne = new long[rank];
            for (var d = 0; d < rank; d++)
            {
                var dim = await cursor.ReadUInt64Async($"dimension {d} of \"{name}\"", ct).ConfigureAwait(false);
                ne[d] = dim is > 0 and <= long.MaxValue
                    ? (long)dim
                    : throw new InvalidModelFileException($"Tensor \"{name}\" has dimension {d} = {dim}; each must be in 1..2^63-1.");
            }

            // a type HubWatch cannot decode (a new ggml type, integers) makes that tensor unread, not the file unreadable
            var typeId = await cursor.ReadUInt32Async($"type of \"{name}\"", ct).ConfigureAwait(false);
            TensorType? type = GgmlTypeIds.TryGetType(typeId, out var known) ? known : null;
            var offset = await cursor.ReadUInt64Async($"offset of \"{name}\"", ct).ConfigureAwait(false);
            tensors.Add(new GgufRawTensor(name, ne, type, typeId, offset));
        }

        return tensors;
    }

    private static long AlignUp(long position, uint alignment) => (position + alignment - 1) / alignment * alignment;
}
