using System.Buffers.Binary;

namespace HubWatch.Formats.Safetensors;

/// <summary>
/// The prefix of a safetensors file for a list of tensors: 8-byte little-endian length N, then N bytes of JSON.
/// Data offsets are assigned contiguously from 0 in the given order. The JSON is padded with trailing spaces so
/// that N is a multiple of 8, as huggingface/safetensors does (safetensors/src/tensor.rs, <c>prepare</c>), which
/// keeps the data section 8-byte aligned. Same input, same bytes: nothing depends on hashing or culture.
/// </summary>
public sealed class SafetensorsHeader
{
    /// <summary>The reference implementation refuses headers above 100 MB; so do we, before a reader would.</summary>
    public const int MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    private readonly byte[] prefix;
    private readonly Dictionary<string, SafetensorsEntry> entriesByName;

    private SafetensorsHeader(byte[] prefix, IReadOnlyList<SafetensorsEntry> entries, long dataLength)
    {
        this.prefix = prefix;
        Entries = entries;
        DataLength = dataLength;
        entriesByName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The first <see cref="PrefixLength"/> bytes of the file: length field plus padded JSON.</summary>
    public ReadOnlyMemory<byte> Prefix => prefix;

    /// <summary>8 + N: where the data section, and so data offset 0, begins.</summary>
    public long PrefixLength => prefix.Length;

    /// <summary>N, the JSON length including its padding; always a multiple of 8.</summary>
    public long HeaderLength => prefix.Length - 8;

    /// <summary>Total bytes of tensor data after the prefix.</summary>
    public long DataLength { get; }

    public long FileLength => PrefixLength + DataLength;

    /// <summary>The tensors in file order, with absolute byte ranges.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The absolute byte range of one tensor.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public SafetensorsEntry EntryOf(string name) =>
        entriesByName.TryGetValue(name, out var entry)
            ? entry
            : throw new KeyNotFoundException($"No tensor named \"{name}\" in this header.");

    /// <summary>
    /// Lays out <paramref name="tensors"/> in order. <paramref name="metadata"/>, when given (even empty), is written
    /// first as "__metadata__", as the reference implementation does, in the dictionary's enumeration order.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, reserved or duplicate names, unknown dtypes, negative dimensions,
    /// sizes beyond 64 bits, or a header above <see cref="MaxHeaderLength"/>.</exception>
    public static SafetensorsHeader Build(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var ranges = DataRanges(tensors);
        var json = new HeaderJson();
        json.Raw("{");
        var first = true;
        if (metadata is not null)
        {
            WriteMetadata(json, metadata);
            first = false;
        }

        for (var i = 0; i < tensors.Count; i++)
        {
            json.Raw(first ? string.Empty : ",");
            first = false;
            WriteTensor(json, tensors[i], ranges[i].Begin, ranges[i].End);
        }

        json.Raw("}");
        var prefix = PaddedPrefix(json);
        var entries = new SafetensorsEntry[tensors.Count];
        for (var i = 0; i < tensors.Count; i++)
        {
            var t = tensors[i];
            entries[i] = new SafetensorsEntry(t.Name, t.Dtype, [.. t.Shape], prefix.Length + ranges[i].Begin, prefix.Length + ranges[i].End);
        }

        var dataLength = tensors.Count == 0 ? 0 : ranges[^1].End;
        return new SafetensorsHeader(prefix, entries, dataLength);
    }

    private static (long Begin, long End)[] DataRanges(IReadOnlyList<SafetensorsTensor> tensors)
    {
        var ranges = new (long Begin, long End)[tensors.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long offset = 0;
        for (var i = 0; i < tensors.Count; i++)
        {
            var tensor = tensors[i] ?? throw new ArgumentException($"Tensor {i} is null.", nameof(tensors));
            if (string.IsNullOrEmpty(tensor.Name) || tensor.Name == MetadataKey)
            {
                throw new ArgumentException($"Tensor {i} has an empty or reserved name (\"{tensor.Name}\").", nameof(tensors));
            }

            if (!seen.Add(tensor.Name))
            {
                throw new ArgumentException($"Tensor name \"{tensor.Name}\" appears twice.", nameof(tensors));
            }

            var length = ByteLength(tensor);
            if (length > long.MaxValue - offset)
            {
                throw new ArgumentException("The tensors together are larger than a 64-bit byte count.", nameof(tensors));
            }

            ranges[i] = (offset, offset + length);
            offset = ranges[i].End;
        }

        return ranges;
    }

    private static long ByteLength(SafetensorsTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor.Shape);
        try
        {
            long elements = 1;
            foreach (var dimension in tensor.Shape)
            {
                if (dimension < 0)
                {
                    throw new ArgumentException($"Tensor \"{tensor.Name}\" has a negative dimension ({dimension}).", nameof(tensor));
                }

                elements = checked(elements * dimension);
            }

            return checked(elements * SafetensorsDtypes.SizeOf(tensor.Dtype));
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"Tensor \"{tensor.Name}\" is larger than a 64-bit byte count.", nameof(tensor));
        }
    }

    private static void WriteMetadata(HeaderJson json, IReadOnlyDictionary<string, string> metadata)
    {
        json.String(MetadataKey);
        json.Raw(":{");
        var first = true;
        foreach (var (key, value) in metadata)
        {
            json.Raw(first ? string.Empty : ",");
            first = false;
            json.String(key);
            json.Raw(":");
            json.String(value ?? throw new ArgumentException($"Metadata value for \"{key}\" is null.", nameof(metadata)));
        }

        json.Raw("}");
    }

    // Key order dtype, shape, data_offsets: the order serde derives from the reference's TensorInfo struct.
    private static void WriteTensor(HeaderJson json, SafetensorsTensor tensor, long begin, long end)
    {
        json.String(tensor.Name);
        json.Raw(":{\"dtype\":");
        json.String(tensor.Dtype);
        json.Raw(",\"shape\":[");
        for (var d = 0; d < tensor.Shape.Length; d++)
        {
            json.Raw(d == 0 ? string.Empty : ",");
            json.Number(tensor.Shape[d]);
        }

        json.Raw("],\"data_offsets\":[");
        json.Number(begin);
        json.Raw(",");
        json.Number(end);
        json.Raw("]}");
    }

    private static byte[] PaddedPrefix(HeaderJson json)
    {
        var padded = (json.Length + 7) / 8 * 8;
        if (padded > MaxHeaderLength)
        {
            throw new ArgumentException($"The header would be {padded} bytes; safetensors readers refuse more than {MaxHeaderLength}.");
        }

        var prefix = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)padded);
        json.Written.CopyTo(prefix.AsSpan(8));
        prefix.AsSpan(8 + json.Length).Fill((byte)' ');
        return prefix;
    }
}
