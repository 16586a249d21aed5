namespace HubWatch.Hub.Http;

/// <summary>
/// Everything the HTTP handlers of one hub share: budget, circuit breaker and its <see cref="HubHealth"/>, traffic
/// counters, credential, clock. One instance per hub (a singleton in a DI container); the handlers themselves are
/// cheap and created anew whenever IHttpClientFactory rebuilds its handler chain.
/// </summary>
public sealed class HubResilience : IDisposable
{
    /// <param name="credential">The hub and its token; without one no Authorization header is ever added.</param>
    /// <param name="time">The clock every wait, window, timeout and cool-down runs on; tests pass a fake one.</param>
    /// <param name="destinations">Where redirects may lead; by default the rules of <see cref="HubDestinations"/> for the credential's hub.</param>
    public HubResilience(HubHttpOptions options, HubCredential? credential = null, TimeProvider? time = null, HubDestinations? destinations = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        Time = time ?? TimeProvider.System;
        Credential = credential;
        Destinations = destinations ?? (credential is null ? null : new HubDestinations(() => credential.Hub));
        // Copies: a later change to the options object must not half-change a running policy.
        Retry = new HubRetryOptions
        {
            MaxAttempts = options.Retry.MaxAttempts,
            BaseDelay = options.Retry.BaseDelay,
            MaxDelay = options.Retry.MaxDelay,
            Jitter = options.Retry.Jitter,
            AttemptTimeout = options.Retry.AttemptTimeout,
            TotalTimeout = options.Retry.TotalTimeout,
        };
        MaxRetryAfter = options.MaxRetryAfter;
        BodyTimeout = options.BodyTimeout;
        Budget = new HubRequestBudget(options.Budget, Time);
        Breaker = new HubCircuitBreaker(options, Health, Time, Redact);
        Attempts = HubRetryHandler.Build(this, options);
    }

    /// <summary>
    /// The handlers, outermost first: breaker and total timeout (judge whole requests after their retries and fail
    /// fast without touching the network), redirects of file requests (each hop a request of its own), the attempts
    /// (retries and 429 waits, the budget so each attempt, retries too, is budgeted, the attempt timeout inside the
    /// budget: waiting for budget is not a slow hub), the body deadline, the hub's own 429 windows, authorization (on
    /// the URI actually sent), traffic (counts what goes over the wire).
    /// </summary>
    public static IReadOnlyList<Func<HubResilience, DelegatingHandler>> Layers { get; } =
    [
        hub => new HubCircuitBreakerHandler(hub),
        hub => new HubRedirectHandler(hub),
        hub => new HubRetryHandler(hub),
        hub => new HubBodyDeadlineHandler(hub),
        hub => new HubRateLimitHandler(hub),
        hub => new HubAuthorizationHandler(hub),
        hub => new HubTrafficHandler(hub),
    ];

    public HubRequestBudget Budget { get; }

    public HubCircuitBreaker Breaker { get; }

    public HubHealth Health { get; } = new();

    public HubTraffic Traffic { get; } = new();

    public HubCredential? Credential { get; }

    /// <summary>Where redirects may lead; null when no hub is known (no credential): then http(s) only.</summary>
    public HubDestinations? Destinations { get; }

    public TimeProvider Time { get; }

    internal HubRetryOptions Retry { get; }

    internal TimeSpan MaxRetryAfter { get; }

    internal TimeSpan BodyTimeout { get; }

    /// <summary>The Polly pipeline of each attempt (retry, budget, attempt timeout).</summary>
    internal Polly.ResiliencePipeline<HttpResponseMessage> Attempts { get; }

    /// <summary>How long a 429 asks to wait (<c>Retry-After</c>, <c>RateLimit</c>), at most <see cref="MaxRetryAfter"/>; null when it does not say.</summary>
    internal TimeSpan? RetryAfter(HttpResponseMessage response) =>
        HubRateLimitHeaders.RequestedWait(response, Time.GetUtcNow()) is { } requested ? (requested < MaxRetryAfter ? requested : MaxRetryAfter) : null;

    /// <summary>The whole chain over <paramref name="inner"/>, for code without IHttpClientFactory (tests, one-off tools).</summary>
    public DelegatingHandler CreatePipeline(HttpMessageHandler inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var handler = inner;
        for (var i = Layers.Count - 1; i >= 0; i--)
        {
            var layer = Layers[i](this);
            layer.InnerHandler = handler;
            handler = layer;
        }
        return (DelegatingHandler)handler;
    }

    internal string Redact(string text) => Credential?.Redact(text) ?? text;

    public void Dispose() => Budget.Dispose();
}
