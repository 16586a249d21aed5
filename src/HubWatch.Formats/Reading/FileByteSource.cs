using Microsoft.Win32.SafeHandles;

namespace HubWatch.Formats.Reading;

/// <summary>A local file read with positional reads (<see cref="RandomAccess"/>), so no shared stream position.</summary>
public sealed class FileByteSource : IByteSource, IDisposable
{
    private readonly SafeFileHandle handle;
    private long bytesRead;
    private int requests;

    public FileByteSource(string path)
    {
        handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        Length = RandomAccess.GetLength(handle);
    }

    public long? Length { get; }

    public long BytesRead => Interlocked.Read(ref bytesRead);

    public int Requests => Volatile.Read(ref requests);

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Interlocked.Increment(ref requests);
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await RandomAccess.ReadAsync(handle, buffer[total..], offset + total, ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        Interlocked.Add(ref bytesRead, total);
        return total;
    }

    public void Dispose() => handle.Dispose();
}
