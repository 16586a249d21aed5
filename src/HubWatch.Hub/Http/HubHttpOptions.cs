namespace HubWatch.Hub.Http;

/// <summary>
/// How politely and how stubbornly HubWatch talks to one hub. Plain settable properties so it binds from
/// configuration (durations as <c>"00:05:00"</c>); <see cref="HubResilience"/> reads it once, at construction.
/// </summary>
public sealed class HubHttpOptions
{
    /// <summary>The configuration section these bind from; problems name their keys under it.</summary>
    public const string Section = "Hub:Http";

    public HubBudgetOptions Budget { get; set; } = new();

    public HubRetryOptions Retry { get; set; } = new();

    public HubBreakerOptions Breaker { get; set; } = new();

    /// <summary>
    /// The longest wait a 429's <c>Retry-After</c> or <c>RateLimit</c> reset is honoured for; a longer one is waited
    /// this long, then the request is tried again.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a response body may take to arrive whole, counted from its headers: a hub that sends headers and
    /// then nothing must not hold a job for ever. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>What is wrong with these settings, one line per problem naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        const double Day = 86_400; // Polly's ceiling for its delays and timeouts, in seconds
        var problems = new List<string>();
        void AtLeast(string name, double value, double minimum, string shown)
        {
            if (value < minimum)
                problems.Add($"{Section}:{name} must be at least {shown} (is {value}).");
        }
        void AtMost(string name, double value, double maximum)
        {
            if (value > maximum)
                problems.Add($"{Section}:{name} must be at most {maximum} (is {value}).");
        }
        void Timeout(string name, TimeSpan value)
        {
            if (value == System.Threading.Timeout.InfiniteTimeSpan)
                return;
            AtLeast(name + " (seconds)", value.TotalSeconds, 0.01, "10 ms (or infinite)");
            AtMost(name + " (seconds)", value.TotalSeconds, Day);
        }

        AtLeast("Budget:ApiCallsPerWindow", Budget.ApiCallsPerWindow, 1, "1");
        AtLeast("Budget:ResolverCallsPerWindow", Budget.ResolverCallsPerWindow, 1, "1");
        AtLeast("Budget:Window (seconds)", Budget.Window.TotalSeconds, 1, "1 s");
        AtLeast("Retry:MaxAttempts", Retry.MaxAttempts, 1, "1");
        AtMost("Retry:MaxAttempts", Retry.MaxAttempts, 100);
        AtLeast("Retry:BaseDelay (seconds)", Retry.BaseDelay.TotalSeconds, 0, "0 s");
        AtLeast("Retry:MaxDelay (seconds)", Retry.MaxDelay.TotalSeconds, Retry.BaseDelay.TotalSeconds, "Retry:BaseDelay");
        AtMost("Retry:MaxDelay (seconds)", Retry.MaxDelay.TotalSeconds, Day);
        Timeout("Retry:AttemptTimeout", Retry.AttemptTimeout);
        Timeout("Retry:TotalTimeout", Retry.TotalTimeout);
        AtLeast("Breaker:FailureThreshold", Breaker.FailureThreshold, 2, "2");
        AtLeast("Breaker:SamplingDuration (seconds)", Breaker.SamplingDuration.TotalSeconds, 0.5, "0.5 s");
        AtMost("Breaker:SamplingDuration (seconds)", Breaker.SamplingDuration.TotalSeconds, Day);
        AtLeast("Breaker:CoolDown (seconds)", Breaker.CoolDown.TotalSeconds, 0.5, "0.5 s");
        AtMost("Breaker:CoolDown (seconds)", Breaker.CoolDown.TotalSeconds, Day);
        AtLeast("MaxRetryAfter (seconds)", MaxRetryAfter.TotalSeconds, 0, "0 s");
        AtMost("MaxRetryAfter (seconds)", MaxRetryAfter.TotalSeconds, Day);
        Timeout("BodyTimeout", BodyTimeout);
        return problems;
    }
}
