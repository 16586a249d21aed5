namespace HubWatch.Formats.Safetensors;

/// <summary>
/// Where a tensor's bytes lie in the whole file: [<paramref name="Begin"/>, <paramref name="End"/>) are absolute
/// offsets (the header's data_offsets plus the 8 + N prefix), ready to answer an HTTP range request.
/// </summary>
public sealed record SafetensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End)
{
    public long Length => End - Begin;
}
