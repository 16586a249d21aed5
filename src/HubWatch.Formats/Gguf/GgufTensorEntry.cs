using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Gguf;

/// <summary>
/// Where a tensor's bytes lie in the whole file: [<paramref name="Begin"/>, <paramref name="End"/>) are absolute
/// offsets. Bytes between one tensor's End and the next one's Begin (and after the last, up to the file length) are
/// zero padding.
/// </summary>
public sealed record GgufTensorEntry(string Name, long[] Shape, TensorType Type, long Begin, long End)
{
    public long Length => End - Begin;
}
