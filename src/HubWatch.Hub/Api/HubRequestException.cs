using System.Net;

namespace HubWatch.Hub.Api;

/// <summary>The hub answered, but not with what was asked for. The message is safe to show and log.</summary>
public sealed class HubRequestException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

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
