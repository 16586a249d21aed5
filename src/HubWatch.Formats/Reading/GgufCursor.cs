using System.Buffers.Binary;
using System.Text;

namespace HubWatch.Formats.Reading;

/// <summary>
/// Sequential reads over an <see cref="IByteSource"/> in chunks, with a hard cap on how far the header may extend:
/// a GGUF header's size is only known once it has been parsed, so the cap is what bounds the work.
/// </summary>
internal sealed class GgufCursor(IByteSource source, long maxHeaderBytes)
{
    // Headers run from a few kB (a small model) to several MB (a 150k-token vocabulary): start small so a small file
    // is not read past its header, and double each refill so a large header still takes few requests.
    private const int FirstChunk = 4 * 1024;
    private const int LargestChunk = 1024 * 1024;
    private int chunkSize = FirstChunk;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] buffer = new byte[FirstChunk];
    private long bufferStart;
    private int bufferLength;

    public long Position { get; private set; }

    public async ValueTask<ReadOnlyMemory<byte>> TakeAsync(int count, string what, CancellationToken ct)
    {
        RequireWithinHeader(count, what);
        var offsetInBuffer = Position - bufferStart;
        if (offsetInBuffer < 0 || offsetInBuffer + count > bufferLength)
        {
            var size = Math.Max(count, chunkSize);
            chunkSize = Math.Min(LargestChunk, chunkSize * 2);
            if (buffer.Length < size)
            {
                buffer = new byte[size];
            }

            var wanted = (int)Math.Min(size, maxHeaderBytes - Position);
            bufferStart = Position;
            bufferLength = await source.ReadAsync(Position, buffer.AsMemory(0, wanted), ct).ConfigureAwait(false);
            if (bufferLength < count)
            {
                throw new InvalidModelFileException($"File ends inside the {what} at offset {Position}.");
            }

            offsetInBuffer = 0;
        }

        Position += count;
        return buffer.AsMemory((int)offsetInBuffer, count);
    }

    /// <summary>Moves past bytes without fetching them (array elements beyond what is kept).</summary>
    public void Skip(long count, string what)
    {
        RequireWithinHeader(count, what);
        if (source.Length is { } length && Position + count > length)
        {
            throw new InvalidModelFileException($"File ends inside the {what} at offset {Position}.");
        }

        Position += count;
    }

    public async ValueTask<uint> ReadUInt32Async(string what, CancellationToken ct) =>
        BinaryPrimitives.ReadUInt32LittleEndian((await TakeAsync(4, what, ct).ConfigureAwait(false)).Span);

    public async ValueTask<ulong> ReadUInt64Async(string what, CancellationToken ct) =>
        BinaryPrimitives.ReadUInt64LittleEndian((await TakeAsync(8, what, ct).ConfigureAwait(false)).Span);

    public async ValueTask<string> ReadStringAsync(long maxBytes, string what, CancellationToken ct)
    {
        var length = await ReadUInt64Async($"length of {what}", ct).ConfigureAwait(false);
        if (length > (ulong)maxBytes)
        {
            throw new InvalidModelFileException($"The {what} at offset {Position - 8} claims {length} bytes; the limit is {maxBytes}.");
        }

        var bytes = await TakeAsync((int)length, what, ct).ConfigureAwait(false);
        try
        {
            return StrictUtf8.GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidModelFileException($"The {what} at offset {Position - (long)length} is not valid UTF-8.");
        }
    }

    private void RequireWithinHeader(long count, string what)
    {
        if (count < 0 || count > maxHeaderBytes - Position)
        {
            throw new InvalidModelFileException(
                $"The {what} at offset {Position} would take the header past the {maxHeaderBytes}-byte limit.");
        }
    }
}
