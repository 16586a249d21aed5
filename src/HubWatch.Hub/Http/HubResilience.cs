namespace HubWatch.Hub.Http;

/// <summary>
/// Everything the HTTP handlers of one hub share: budget, circuit breaker and its <see cref="HubHealth"/>, traffic
/// counters, credential, clock. One instance per hub (a singleton in a DI container); the handlers themselves are
/// cheap and created anew whenever IHttpClientFactory rebuilds its handler chain.
/// </summary>
public sealed class HubResilience
{
    /// <param name="credential">The hub and its token; without one no Authorization header is ever added.</param>
    /// <param name="time">The clock every wait, window and cool-down runs on; tests pass a fake one.</param>
    /// <param name="jitter">Draws in [0, 1) for backoff jitter; tests pass a fixed one.</param>
    /// <param name="destinations">Where redirects may lead; by default the rules of <see cref="HubDestinations"/> for the credential's hub.</param>
    public HubResilience(HubHttpOptions options, HubCredential? credential = null, TimeProvider? time = null, Func<double>? jitter = null, HubDestinations? destinations = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        Time = time ?? TimeProvider.System;
        Credential = credential;
        Destinations = destinations ?? (credential is null ? null : new HubDestinations(() => credential.Hub));
        Jitter = jitter ?? Random.Shared.NextDouble;
        // Copies: a later change to the options object must not half-change a running policy.
        Retry = new HubRetryOptions
        {
            MaxAttempts = options.Retry.MaxAttempts,
            BaseDelay = options.Retry.BaseDelay,
            MaxDelay = options.Retry.MaxDelay,
            AttemptTimeout = options.Retry.AttemptTimeout,
        };
        MaxRetryAfter = options.MaxRetryAfter;
        BodyTimeout = options.BodyTimeout;
        Budget = new HubRequestBudget(options.Budget, Time);
        Breaker = new HubCircuitBreaker(options.Breaker, Health, Time);
    }

    /// <summary>
    /// The handlers, outermost first: breaker (judges whole requests after their retries and fails fast without
    /// touching the network), redirects of file requests (each hop a request of its own), retry and 429 (repeats attempts), budget (so each attempt, retries too, is budgeted),
    /// attempt timeout (inside the budget: waiting for budget is not a slow hub), authorization (on the URI actually
    /// sent), traffic (counts what goes over the wire).
    /// </summary>
    public static IReadOnlyList<Func<HubResilience, DelegatingHandler>> Layers { get; } =
    [
        hub => new HubCircuitBreakerHandler(hub),
        hub => new HubRedirectHandler(hub),
        hub => new HubRetryHandler(hub),
        hub => new HubBudgetHandler(hub),
        hub => new HubAttemptTimeoutHandler(hub),
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

    internal Func<double> Jitter { get; }

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
}
