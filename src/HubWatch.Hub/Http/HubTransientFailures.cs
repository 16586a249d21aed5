using System.Net;

namespace HubWatch.Hub.Http;

/// <summary>What says "the hub is struggling, try again later" rather than "this request is wrong".</summary>
internal static class HubTransientFailures
{
    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// Connection failures, resets while reading headers, and timeouts (Polly's, inside the pipelines; an
    /// <see cref="HttpRequestException"/> once out of them). A cancelled caller is never transient: nobody waits for
    /// the answer; nor is a connection <see cref="HubDestinations"/> refused (it arrives wrapped by the sockets handler).
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken ct) =>
        !ct.IsCancellationRequested
        && exception is (HttpRequestException and not HubUnavailableException and not { InnerException: Api.HubRequestException })
            or IOException or Polly.Timeout.TimeoutRejectedException;

    public static Uri UriOf(HttpRequestMessage request) =>
        request.RequestUri is { IsAbsoluteUri: true } uri
            ? uri
            : throw new InvalidOperationException("A request to a hub needs an absolute RequestUri (set HttpClient.BaseAddress).");
}
