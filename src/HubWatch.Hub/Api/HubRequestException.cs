using System.Net;

namespace HubWatch.Hub.Api;

/// <summary>The hub answered, but not with what was asked for. The message is safe to show and log.</summary>
public sealed class HubRequestException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>
    /// Asking again would get the same answer: HubWatch refused a body it received (status 200: over a size cap,
    /// malformed) or the hub refused the request (4xx other than 408 and 429).
    /// </summary>
    public bool Permanent => Status == HttpStatusCode.OK
        || (int)Status is >= 400 and < 500 && Status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    internal static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        var body = await response.Content.ReadAsStringAsync(ct);
        var excerpt = body.Length > 200 ? body[..200] + "…" : body;
        throw new HubRequestException(response.StatusCode,
            $"{response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt}");
    }
}
