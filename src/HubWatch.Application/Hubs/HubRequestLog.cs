using HubWatch.Hub.Http;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace HubWatch.Application.Hubs;

/// <summary>
/// What is logged of each hub request: method, address, status and time, never a header. It replaces HttpClient's
/// own loggers on the hub clients: at Trace those hand the raw request headers, the token's Authorization header
/// included, to every logging provider as structured state (only their message text is redacted).
/// </summary>
/// <remarks>It wraps the whole pipeline, so a failure is logged as the caller sees it, after the redacting layers.</remarks>
internal sealed partial class HubRequestLog(ILogger<HubRequestLog> logger, HubCredential? credential = null) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        Answered(request.Method, request.RequestUri, (int)response.StatusCode, elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        Failed(request.Method, request.RequestUri, elapsed.TotalMilliseconds, exception.GetType().Name, credential?.Redact(exception.Message) ?? exception.Message);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Uri} answered {Status} after {ElapsedMs:F0} ms")]
    private partial void Answered(HttpMethod method, Uri? uri, int status, double elapsedMs);

    // the exception's message only: its inner exceptions come from below the layers that redact
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Uri} failed after {ElapsedMs:F0} ms: {Error}: {Reason}")]
    private partial void Failed(HttpMethod method, Uri? uri, double elapsedMs, string error, string reason);
}
