using System.Net;

namespace HubWatch.Hub.Api;

/// <summary>The hub answered, but not with what was asked for. The message is safe to show and log.</summary>
public sealed class HubRequestException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>
    /// Asking again would get the same answer: HubWatch refused a body it received (status 200: over a size cap,
    /// malformed) or a redirect (3xx: where it led is not allowed), or the hub refused the request (4xx other than
    /// 408 and 429).
    /// </summary>
    public bool Permanent => Status == HttpStatusCode.OK
        || (int)Status is >= 300 and < 400
        || (int)Status is >= 400 and < 500 && Status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    internal static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await ExcerptAsync(response.Content, ct);
        var excerpt = body.Length > 200 ? body[..200] + "…" : body;
        throw new HubRequestException(response.StatusCode,
            $"{response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt}");
    }

    /// <summary>An error body is read for its first words only: a hostile hub may send gigabytes, or nothing, after the status.</summary>
    public const int MaxErrorBodyBytes = 4096;

    private static readonly TimeSpan ErrorBodyDeadline = TimeSpan.FromSeconds(10);

    private static async Task<string> ExcerptAsync(HttpContent content, CancellationToken ct)
    {
        var buffer = new byte[MaxErrorBodyBytes];
        var read = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(ErrorBodyDeadline);
        try
        {
            await using var stream = await content.ReadAsStreamAsync(deadline.Token);
            int n;
            while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), deadline.Token)) > 0)
                read += n;
        }
        catch (Exception e) when (e is IOException or HttpRequestException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            // cut short or too slow: the status says what matters, keep what came
        }
        return System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }
}
