using System.Numerics;
using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Gguf;

/// <summary>
/// The byte layout of a GGUF v3 file (ggml-org/llama.cpp docs/gguf.md; writer in ggml/src/gguf.cpp and
/// gguf-py/gguf/gguf_writer.py): magic "GGUF", version 3, tensor count, KV count, the KV pairs, the tensor infos
/// (name, n_dims, ne innermost first, ggml type, offset relative to the data section), zero padding to
/// general.alignment, then each tensor's data padded to the alignment. The prefix is materialised; tensor data is
/// not, so a server can answer any byte range from <see cref="Prefix"/>, <see cref="Tensors"/> and its encoder.
/// </summary>
public sealed class GgufLayout
{
    public const uint Version = 3;

    /// <summary>GGUF_DEFAULT_ALIGNMENT, used when general.alignment is absent.</summary>
    public const uint DefaultAlignment = 32;

    public const string AlignmentKey = "general.alignment";

    /// <summary>GGML_MAX_DIMS: readers reject tensors with more dimensions.</summary>
    public const int MaxDimensions = 4;

    /// <summary>GGML_MAX_NAME counts the terminating NUL, so names may use 63 bytes of UTF-8.</summary>
    public const int MaxTensorNameBytes = 63;

    private static readonly byte[] Magic = "GGUF"u8.ToArray();

    private readonly byte[] prefix;
    private readonly Dictionary<string, GgufTensorEntry> tensorsByName;

    private GgufLayout(byte[] prefix, uint alignment, IReadOnlyList<GgufTensorEntry> tensors, long fileLength)
    {
        this.prefix = prefix;
        Alignment = alignment;
        Tensors = tensors;
        FileLength = fileLength;
        tensorsByName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Header, KV pairs, tensor infos and the zero padding up to <see cref="DataStart"/>.</summary>
    public ReadOnlyMemory<byte> Prefix => prefix;

    /// <summary>Absolute offset of the data section: the prefix length, a multiple of <see cref="Alignment"/>.</summary>
    public long DataStart => prefix.Length;

    public uint Alignment { get; }

    /// <summary>The tensors in file order, with absolute byte ranges.</summary>
    public IReadOnlyList<GgufTensorEntry> Tensors { get; }

    /// <summary>Total file size, including the padding after the last tensor that ggml's and gguf-py's writers emit.</summary>
    public long FileLength { get; }

    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public GgufTensorEntry TensorOf(string name) =>
        tensorsByName.TryGetValue(name, out var entry)
            ? entry
            : throw new KeyNotFoundException($"No tensor named \"{name}\" in this layout.");

    /// <summary>Lays out a GGUF v3 file with the metadata and tensors in the given order.</summary>
    /// <exception cref="ArgumentException">Duplicate keys or names, a general.alignment that is not a uint32 power of
    /// two, a name ggml would reject, a shape ggml cannot hold, or a type GGUF cannot store.</exception>
    public static GgufLayout Build(IReadOnlyList<GgufMetadataEntry> metadata, IReadOnlyList<GgufTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(tensors);
        var alignment = AlignmentOf(metadata);
        var sizes = tensors.Select(ValidatedByteCount).ToArray();
        RequireUniqueTensorNames(tensors);

        var writer = new LittleEndianWriter();
        writer.Bytes(Magic);
        writer.UInt32(Version);
        writer.UInt64((ulong)tensors.Count);
        writer.UInt64((ulong)metadata.Count);
        foreach (var entry in metadata)
        {
            writer.GgufString(entry.Key);
            entry.Value.WriteTo(writer);
        }

        var relativeOffsets = new long[tensors.Count];
        long dataLength = 0;
        for (var i = 0; i < tensors.Count; i++)
        {
            relativeOffsets[i] = dataLength;
            dataLength = AlignUp(dataLength + sizes[i], alignment);
            WriteTensorInfo(writer, tensors[i], relativeOffsets[i]);
        }

        writer.ZeroPadTo(checked((int)AlignUp(writer.Length, alignment)));
        var prefix = writer.Written.ToArray();
        var entries = new GgufTensorEntry[tensors.Count];
        for (var i = 0; i < tensors.Count; i++)
        {
            var begin = prefix.Length + relativeOffsets[i];
            entries[i] = new GgufTensorEntry(tensors[i].Name, [.. tensors[i].Shape], tensors[i].Type, begin, begin + sizes[i]);
        }

        return new GgufLayout(prefix, alignment, entries, AlignUp(prefix.Length + dataLength, alignment));
    }

    private static void WriteTensorInfo(LittleEndianWriter writer, GgufTensor tensor, long relativeOffset)
    {
        writer.GgufString(tensor.Name);
        writer.UInt32((uint)tensor.Shape.Length);
        for (var d = tensor.Shape.Length - 1; d >= 0; d--)
        {
            writer.UInt64((ulong)tensor.Shape[d]);
        }

        writer.UInt32(GgmlTypeIds.Of(tensor.Type));
        writer.UInt64((ulong)relativeOffset);
    }

    private static uint AlignmentOf(IReadOnlyList<GgufMetadataEntry> metadata)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var alignment = DefaultAlignment;
        foreach (var entry in metadata)
        {
            if (entry is null || string.IsNullOrEmpty(entry.Key) || entry.Value is null)
            {
                throw new ArgumentException("Metadata entries need a non-empty key and a value.", nameof(metadata));
            }

            if (!keys.Add(entry.Key))
            {
                throw new ArgumentException($"Metadata key \"{entry.Key}\" appears twice; GGUF readers reject that.", nameof(metadata));
            }

            if (entry.Key == AlignmentKey && !(entry.Value.TryGetUInt32(out alignment) && BitOperations.IsPow2(alignment)))
            {
                throw new ArgumentException($"{AlignmentKey} must be a uint32 power of two (got {entry.Value}).", nameof(metadata));
            }
        }

        return alignment;
    }

    private static long ValidatedByteCount(GgufTensor tensor, int index)
    {
        if (tensor is null || tensor.Shape is null)
        {
            throw new ArgumentException($"Tensor {index} or its shape is null.", "tensors");
        }

        if (string.IsNullOrEmpty(tensor.Name) || System.Text.Encoding.UTF8.GetByteCount(tensor.Name) > MaxTensorNameBytes)
        {
            throw new ArgumentException($"Tensor {index} name must be 1–{MaxTensorNameBytes} bytes of UTF-8 (\"{tensor.Name}\").", "tensors");
        }

        if (tensor.Shape.Length is < 1 or > MaxDimensions || tensor.Shape.Any(d => d < 0))
        {
            throw new ArgumentException(
                $"Tensor \"{tensor.Name}\" needs 1–{MaxDimensions} non-negative dimensions (got [{string.Join(", ", tensor.Shape)}]).", "tensors");
        }

        _ = GgmlTypeIds.Of(tensor.Type);
        var blockSize = TensorCodec.BlockSize(tensor.Type);
        if (tensor.Shape[^1] % blockSize != 0)
        {
            throw new ArgumentException(
                $"Tensor \"{tensor.Name}\": ggml quantises rows, so the innermost dimension ({tensor.Shape[^1]}) must be a multiple of {blockSize} for {tensor.Type}.",
                "tensors");
        }

        try
        {
            var elements = tensor.Shape.Aggregate(1L, (product, d) => checked(product * d));
            return TensorCodec.ByteCount(tensor.Type, elements);
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"Tensor \"{tensor.Name}\" is larger than a 64-bit byte count.", "tensors");
        }
    }

    private static void RequireUniqueTensorNames(IReadOnlyList<GgufTensor> tensors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            if (!names.Add(tensor.Name))
            {
                throw new ArgumentException($"Tensor name \"{tensor.Name}\" appears twice; GGUF readers reject that.", nameof(tensors));
            }
        }
    }

    // Every tensor is already below 2^63 bytes; only a sum of many can overflow, and that is the caller's input.
    private static long AlignUp(long offset, uint alignment)
    {
        if (offset < 0 || offset > long.MaxValue - alignment)
        {
            throw new ArgumentException("The tensors together are larger than a 64-bit file.", "tensors");
        }

        return (offset + alignment - 1) / alignment * alignment;
    }
}
