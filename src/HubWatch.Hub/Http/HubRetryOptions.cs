namespace HubWatch.Hub.Http;

/// <summary>Retries of idempotent requests (GET, HEAD without a body) after 5xx, timeouts and connection failures.</summary>
public sealed class HubRetryOptions
{
    /// <summary>Attempts in all, the first included; 1 turns retries off.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The backoff ceiling before the first retry; it doubles with each retry up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long one attempt may wait for response headers before it counts as a timeout (and is retried).
    /// Time spent waiting for the budget is not part of it. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
