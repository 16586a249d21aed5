namespace HubWatch.Hub.Http;

/// <summary>Retries of idempotent requests (GET, HEAD without a body) after 5xx, 429, timeouts and connection failures.</summary>
public sealed class HubRetryOptions
{
    /// <summary>Attempts in all, the first included; 1 turns retries off.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The median backoff before the first retry; it doubles with each retry up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Spreads the backoffs (Polly's decorrelated jitter), so clients that failed together do not come back together.
    /// Off, the backoffs are exactly <see cref="BaseDelay"/>·2^(n−1): for tests and reproducible benchmarks.
    /// </summary>
    public bool Jitter { get; set; } = true;

    /// <summary>
    /// How long one attempt may wait for response headers before it counts as a timeout (and is retried).
    /// Time spent waiting for the budget is not part of it. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one request may take in all — attempts, backoffs, waits for the budget and for a 429's reset,
    /// redirects — before it fails as a timeout. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(20);
}
