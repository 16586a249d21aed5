namespace HubWatch.Formats.Reading;

/// <summary>
/// Random access to the bytes of one model file, local or remote. Readers ask for exactly the ranges they need, so the
/// counters show what a header or a slice cost to fetch.
/// </summary>
public interface IByteSource
{
    /// <summary>Total length in bytes, or null when the source cannot tell (e.g. a server that sent no length).</summary>
    long? Length { get; }

    /// <summary>Bytes delivered so far, over all reads.</summary>
    long BytesRead { get; }

    /// <summary>Reads (file reads or HTTP requests) made so far.</summary>
    int Requests { get; }

    /// <summary>Fills as much of <paramref name="buffer"/> as the source holds from <paramref name="offset"/>; returns the count (0 at the end).</summary>
    ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct);
}
