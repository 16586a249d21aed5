namespace HubWatch.Hub.Http;

/// <summary>
/// The circuit breaker refused a request without sending it: the hub failed too often in a row. An
/// <see cref="HttpRequestException"/>, so callers that already treat network failures as "try the next run" do so
/// here too. The message names the host and when the hub will be tried again, and never carries the token.
/// </summary>
public sealed class HubUnavailableException : HttpRequestException
{
    public HubUnavailableException(string host, DateTimeOffset retryAt, int consecutiveFailures, string? lastError, bool trialUnderWay)
        : base(Describe(host, retryAt, consecutiveFailures, lastError, trialUnderWay))
    {
        Host = host;
        RetryAt = retryAt;
        LastError = lastError;
    }

    public string Host { get; }

    /// <summary>When the breaker lets a trial request through (already past while a trial is under way).</summary>
    public DateTimeOffset RetryAt { get; }

    public string? LastError { get; }

    private static string Describe(string host, DateTimeOffset retryAt, int failures, string? lastError, bool trialUnderWay)
    {
        var last = lastError is null ? "" : $" (last error: {lastError})";
        return trialUnderWay
            ? $"The hub {host} is unavailable after {failures} consecutive failed requests{last}; a trial request is under way, try again shortly."
            : $"The hub {host} is unavailable after {failures} consecutive failed requests{last}; it will be tried again at {retryAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.";
    }
}
