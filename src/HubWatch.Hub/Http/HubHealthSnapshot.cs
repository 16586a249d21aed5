using System.Globalization;

namespace HubWatch.Hub.Http;

/// <summary>The circuit breaker's view of one hub at one moment, for a dashboard or a log line.</summary>
/// <param name="Host">The hub's host (and port), once a request has been made.</param>
/// <param name="RetryAt">When an open breaker lets its trial request through.</param>
/// <param name="LastError">The last failure, token redacted; kept after recovery so a dashboard can show what happened.</param>
public sealed record HubHealthSnapshot(
    HubCircuitState State, int ConsecutiveFailures, DateTimeOffset? OpenedAt, DateTimeOffset? RetryAt, string? LastError, string? Host)
{
    public static readonly HubHealthSnapshot Healthy = new(HubCircuitState.Closed, 0, null, null, null, null);

    /// <summary>One line: "hub down, crawl paused until …" when open, a plain "reachable" otherwise.</summary>
    public string Describe() => State switch
    {
        HubCircuitState.Open => string.Create(CultureInfo.InvariantCulture,
            $"hub {Host} down after {ConsecutiveFailures} failed requests ({LastError}); paused until {RetryAt:yyyy-MM-dd HH:mm:ss} UTC"),
        HubCircuitState.HalfOpen => $"hub {Host} is being tried again after an outage ({LastError})",
        _ when ConsecutiveFailures > 0 => $"hub {Host} reachable; {ConsecutiveFailures} recent failed requests ({LastError})",
        _ => $"hub {Host ?? "(not contacted yet)"} reachable",
    };
}
