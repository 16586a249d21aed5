using HubWatch.Formats.Reading;

namespace HubWatch.Formats.Tests.Reading;

/// <summary>An in-memory file; <c>knownLength: false</c> mimics a server that does not say how long the file is.</summary>
internal sealed class MemoryByteSource(byte[] data, bool knownLength = true) : IByteSource
{
    public long? Length => knownLength ? data.Length : null;

    public long BytesRead { get; private set; }

    public int Requests { get; private set; }

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        Requests++;
        if (offset >= data.Length)
        {
            return ValueTask.FromResult(0);
        }

        var count = (int)Math.Min(buffer.Length, data.Length - offset);
        data.AsSpan((int)offset, count).CopyTo(buffer.Span);
        BytesRead += count;
        return ValueTask.FromResult(count);
    }
}
