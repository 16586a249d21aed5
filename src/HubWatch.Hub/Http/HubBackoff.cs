namespace HubWatch.Hub.Http;

/// <summary>
/// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): before retry n the
/// delay is uniform in [0, min(MaxDelay, BaseDelay·2^(n−1))). Full jitter spreads clients that failed together, so
/// they do not come back together.
/// </summary>
public static class HubBackoff
{
    /// <param name="retry">1 before the first retry.</param>
    /// <param name="jitter">A draw in [0, 1); tests pass a fixed one.</param>
    public static TimeSpan Delay(int retry, HubRetryOptions options, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        ArgumentNullException.ThrowIfNull(options);
        // 2^30 base delays outgrow any sane cap; stopping there keeps the arithmetic finite.
        var growth = Math.Pow(2, Math.Min(retry - 1, 30));
        var ceiling = Math.Min(options.MaxDelay.Ticks, options.BaseDelay.Ticks * growth);
        return TimeSpan.FromTicks((long)(ceiling * Math.Clamp(jitter, 0, 1)));
    }
}
