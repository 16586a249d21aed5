namespace HubWatch.Formats.Reading;

/// <summary>Reads that must deliver every byte asked for; a short read means the file ended early.</summary>
public static class ByteSourceExtensions
{
    public static async ValueTask ReadExactlyAsync(this IByteSource source, long offset, Memory<byte> buffer, string what, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var read = await source.ReadAsync(offset, buffer, ct).ConfigureAwait(false);
        if (read != buffer.Length)
        {
            throw new InvalidModelFileException($"File ends inside the {what}: needed {buffer.Length} bytes at offset {offset}, got {read}.");
        }
    }
}
