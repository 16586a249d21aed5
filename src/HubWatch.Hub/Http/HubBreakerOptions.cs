namespace HubWatch.Hub.Http;

/// <summary>When to stop calling a hub that keeps failing, and for how long.</summary>
public sealed class HubBreakerOptions
{
    /// <summary>Consecutive failed requests (each after its retries) that open the breaker.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long an open breaker fails requests fast before it lets one trial request through.</summary>
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromMinutes(2);
}
