using System.Net;
using System.Net.Http.Headers;

namespace HubWatch.Formats.Reading;

/// <summary>
/// A remote file read with HTTP Range requests. Every byte that crosses the wire counts against
/// <c>byteBudget</c>, including bytes a server sends because it ignored Range: sampling a 100 GB model must never
/// turn into downloading it. Not thread-safe: one reader at a time, as the header readers use it.
/// </summary>
public sealed class HttpByteSource : IByteSource
{
    private const int CopyChunk = 64 * 1024;

    private readonly HttpClient client;
    private readonly Uri uri;
    private readonly long byteBudget;
    private long bytesRead;
    private int requests;

    public HttpByteSource(HttpClient client, Uri uri, long byteBudget)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentOutOfRangeException.ThrowIfNegative(byteBudget);
        this.client = client;
        this.uri = uri;
        this.byteBudget = byteBudget;
    }

    /// <summary>Learnt from the first response's Content-Range (or Content-Length of a full answer); null before.</summary>
    public long? Length { get; private set; }

    public long BytesRead => bytesRead;

    public int Requests => requests;

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (buffer.Length == 0 || offset >= Length)
        {
            return 0;
        }

        var wanted = Length is { } length ? (int)Math.Min(buffer.Length, length - offset) : buffer.Length;
        var last = offset + wanted - 1;
        if (wanted > byteBudget - bytesRead)
        {
            throw BudgetExceeded(offset, last);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Range = new RangeHeaderValue(offset, last);
        requests++;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            throw new HttpRequestException(
                $"{uri} answered 416 Range Not Satisfiable for bytes {offset}-{last}: the file is shorter than the reader expected.",
                null,
                response.StatusCode);
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != offset)
            {
                throw new HttpRequestException($"{uri} answered bytes from {range?.From?.ToString() ?? "?"} when asked for bytes {offset}-{last}.");
            }

            Length ??= range.Length;
            return await CopyAsync(body, skip: 0, buffer[..wanted], offset, last, ct).ConfigureAwait(false);
        }

        // 200: the server ignored Range and streams the whole file; read through to the end of the wanted range and drop the rest.
        Length ??= response.Content.Headers.ContentLength;
        return await CopyAsync(body, skip: offset, buffer[..wanted], offset, last, ct).ConfigureAwait(false);
    }

    private async Task<int> CopyAsync(Stream body, long skip, Memory<byte> destination, long offset, long last, CancellationToken ct)
    {
        var scratch = skip > 0 ? new byte[(int)Math.Min(CopyChunk, skip)] : [];
        while (skip > 0)
        {
            var chunk = scratch.AsMemory(0, (int)Math.Min(scratch.Length, skip));
            var read = await body.ReadAsync(Charge(chunk, offset, last), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return 0;
            }

            bytesRead += read;
            skip -= read;
        }

        var total = 0;
        while (total < destination.Length)
        {
            var read = await body.ReadAsync(Charge(destination[total..], offset, last), ct).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            bytesRead += read;
            total += read;
        }

        return total;
    }

    // Shrinks a read to what the budget still allows, and refuses once nothing is left.
    private Memory<byte> Charge(Memory<byte> chunk, long offset, long last)
    {
        var left = byteBudget - bytesRead;
        return left <= 0 ? throw BudgetExceeded(offset, last) : chunk[..(int)Math.Min(chunk.Length, left)];
    }

    private ByteBudgetExceededException BudgetExceeded(long offset, long last) =>
        new($"Reading bytes {offset}-{last} of {uri} would exceed the byte budget of {byteBudget} bytes ({bytesRead} already read).");
}
