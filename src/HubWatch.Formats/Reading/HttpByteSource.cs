using System.Net;
using System.Net.Http.Headers;

namespace HubWatch.Formats.Reading;

/// <summary>
/// A remote file read with HTTP Range requests. Every byte that crosses the wire counts against the
/// <see cref="ByteBudget"/> (one per model, shared by its shards), including bytes a server sends because it ignored
/// Range: sampling a 100 GB model must never turn into downloading it. Not thread-safe: one reader at a time, as the
/// header readers use it.
/// </summary>
public sealed class HttpByteSource : IByteSource
{
    private const int CopyChunk = 64 * 1024;

    private readonly HttpClient client;
    private readonly Uri uri;
    private readonly ByteBudget budget;
    private long bytesRead;
    private int requests;

    public HttpByteSource(HttpClient client, Uri uri, ByteBudget budget)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(budget);
        this.client = client;
        this.uri = uri;
        this.budget = budget;
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
        if (wanted > budget.Left)
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
            var read = await ChargedReadAsync(body, chunk, offset, last, ct).ConfigureAwait(false);
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
            var read = await ChargedReadAsync(body, destination[total..], offset, last, ct).ConfigureAwait(false);
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
    private async ValueTask<int> ChargedReadAsync(Stream body, Memory<byte> chunk, long offset, long last, CancellationToken ct)
    {
        var granted = budget.Take(chunk.Length);
        if (granted == 0)
        {
            throw BudgetExceeded(offset, last);
        }

        var read = 0;
        try
        {
            read = await body.ReadAsync(chunk[..granted], ct).ConfigureAwait(false);
            return read;
        }
        finally
        {
            budget.Return(granted - read);
        }
    }

    private ByteBudgetExceededException BudgetExceeded(long offset, long last) =>
        new($"Reading bytes {offset}-{last} of {uri} would exceed the model's byte budget of {budget.Bytes} bytes ({budget.Spent} already read over all its files).");
}
