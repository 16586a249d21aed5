namespace HubWatch.DemoHub.Serving;

/// <summary>
/// Faults the demo hub can inject, to test clients against what a public API does. All off by default; a test
/// switches them on and off while the server runs.
/// </summary>
public sealed class DemoHubFaults
{
    /// <summary>API requests allowed per <see cref="RateLimitWindow"/>; 0 = unlimited. Beyond it: 429 with RateLimit and Retry-After.</summary>
    public int RateLimit { get; set; }
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The next N API requests fail with 503, then the hub recovers (a burst).</summary>
    public int ServerErrorBurst { get; set; }

    /// <summary>Share of API requests answered 500, 502 or 503, drawn per request.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Added before every response.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Share of JSON bodies cut in the middle (the connection ends early).</summary>
    public double TruncateRate { get; set; }

    /// <summary>File downloads ignore Range and send 200 with the whole file.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>Share of list elements sent with a malformed field (<c>"likes": {"oops": 1}</c>), chosen per model id.</summary>
    public double MalformedElementRate { get; set; }

    public bool Any => RateLimit > 0 || ServerErrorBurst > 0 || ServerErrorRate > 0 || Delay > TimeSpan.Zero || TruncateRate > 0 || IgnoreRange || MalformedElementRate > 0;
}
