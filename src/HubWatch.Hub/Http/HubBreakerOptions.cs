namespace HubWatch.Hub.Http;

/// <summary>When to stop calling a hub that keeps failing, and for how long.</summary>
public sealed class HubBreakerOptions
{
    /// <summary>Failed requests (each after its retries), with none succeeding among them within <see cref="SamplingDuration"/>, that open the breaker; at least 2.</summary>
    public int FailureThreshold { get; set; } = 5;

    /// <summary>The window in which the failures are counted.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an open breaker fails requests fast before it lets one trial request through.</summary>
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromMinutes(2);
}
