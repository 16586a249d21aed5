namespace HubWatch.Formats.Reading;

/// <summary>One tensor of a safetensors header, with absolute file offsets ([Begin, End)).</summary>
public sealed record SafetensorsTensorInfo(string Name, string Dtype, long[] Shape, long Begin, long End)
{
    public long Length => End - Begin;

    /// <summary>Product of the shape (1 for a scalar); the reader has already checked it does not overflow.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, dim) => product * dim);
}

/// <summary>A parsed and validated safetensors header; tensors in file order.</summary>
public sealed class SafetensorsFile(long headerLength, IReadOnlyList<SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
{
    /// <summary>N, the JSON header's byte length (the file is 8 + N + data).</summary>
    public long HeaderLength { get; } = headerLength;

    /// <summary>Absolute offset of the data section, 8 + N.</summary>
    public long DataStart => 8 + HeaderLength;

    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; } = tensors;

    /// <summary>The optional <c>__metadata__</c> string map.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    public SafetensorsTensorInfo Tensor(string name) =>
        Tensors.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"No tensor named \"{name}\".");
}
