using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;

namespace HubWatch.Formats.Reading;

/// <summary>One GGUF tensor: shape row-major (ggml's ne reversed), absolute file offsets [Begin, End).</summary>
public sealed record GgufTensorInfo(string Name, long[] Shape, TensorType Type, long Begin, long End)
{
    public long Length => End - Begin;

    public long ElementCount => Shape.Aggregate(1L, (product, dim) => product * dim);
}

/// <summary>
/// A tensor in a ggml type HubWatch does not decode: integers, doubles, or a type id newer than HubWatch. Its
/// parameters count as weights never compared; <paramref name="Encoding"/> names the type for the report.
/// </summary>
public sealed record GgufUnreadTensor(string Name, long[] Shape, string Encoding, long Begin)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dim) => product * dim);
}

/// <summary>
/// A metadata array. <see cref="Items"/> keeps at most <see cref="GgufReader.MaxStoredArrayItems"/> elements (a
/// 150k-entry vocabulary would otherwise dominate memory); <see cref="Count"/> is the count the file declares.
/// </summary>
public sealed record GgufArray(GgufValueType ElementType, long Count, IReadOnlyList<object> Items)
{
    public bool IsTruncated => Items.Count < Count;
}

/// <summary>A parsed and validated GGUF header.</summary>
public sealed class GgufFile(uint version, uint alignment, long dataStart, IReadOnlyDictionary<string, object> metadata, IReadOnlyList<GgufTensorInfo> tensors, IReadOnlyList<GgufUnreadTensor> unread)
{
    public uint Version { get; } = version;

    public uint Alignment { get; } = alignment;

    /// <summary>Absolute offset of the (aligned) tensor data section.</summary>
    public long DataStart { get; } = dataStart;

    /// <summary>Key → value: byte, sbyte, ushort, short, uint, int, float, bool, string, ulong, long, double or <see cref="GgufArray"/>.</summary>
    public IReadOnlyDictionary<string, object> Metadata { get; } = metadata;

    public IReadOnlyList<GgufTensorInfo> Tensors { get; } = tensors;

    /// <summary>Tensors whose type HubWatch does not decode (see <see cref="GgufUnreadTensor"/>).</summary>
    public IReadOnlyList<GgufUnreadTensor> Unread { get; } = unread;

    public GgufTensorInfo Tensor(string name) =>
        Tensors.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"No tensor named \"{name}\".");
}
