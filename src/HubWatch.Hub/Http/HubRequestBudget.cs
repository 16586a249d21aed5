namespace HubWatch.Hub.Http;

/// <summary>
/// HubWatch's client-side request budget per fixed window, one per request kind. A window starts with the first
/// request after the previous one ended (as the hub counts); a request beyond the budget waits, asynchronously and
/// cancellably, until the window rolls over. Shared by every request to one hub.
/// </summary>
public sealed class HubRequestBudget
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly Window _api;
    private readonly Window _resolve;

    public HubRequestBudget(HubBudgetOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Enabled = options.Enabled;
        _time = time ?? TimeProvider.System;
        _window = options.Window;
        _api = new Window(options.ApiCallsPerWindow);
        _resolve = new Window(options.ResolverCallsPerWindow);
    }

    public bool Enabled { get; }

    public static HubRequestKind KindOf(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        var path = requestUri.IsAbsoluteUri ? requestUri.AbsolutePath : "/" + requestUri.OriginalString.TrimStart('/');
        return path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api" ? HubRequestKind.Api : HubRequestKind.Resolve;
    }

    /// <summary>Takes one request from the budget of <paramref name="kind"/>, waiting for the next window when it is spent.</summary>
    public async Task AcquireAsync(HubRequestKind kind, CancellationToken ct)
    {
        if (!Enabled)
            return;
        var window = Of(kind);
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (now >= window.EndsAt)
                    (window.EndsAt, window.Used) = (now + _window, 0);
                if (window.Used < window.Limit)
                {
                    window.Used++;
                    return;
                }
                wait = window.EndsAt - now;
            }
            // Every waiter wakes at the roll-over and competes again under the lock, so the limit holds without a queue.
            await Task.Delay(wait, _time, ct);
        }
    }

    /// <summary>
    /// The hub said (429 with Retry-After or RateLimit) that this kind is spent until <paramref name="until"/>: treat
    /// the window as exhausted until then, so requests queue here instead of collecting more 429s.
    /// </summary>
    public void ExhaustUntil(HubRequestKind kind, DateTimeOffset until)
    {
        if (!Enabled)
            return;
        var window = Of(kind);
        lock (_gate)
        {
            if (until <= _time.GetUtcNow())
                return;
            // The hub's window resets at `until`; ours starts afresh then too, even if it would have ended later.
            (window.EndsAt, window.Used) = (until, window.Limit);
        }
    }

    private Window Of(HubRequestKind kind) => kind == HubRequestKind.Api ? _api : _resolve;

    private sealed class Window(int limit)
    {
        public int Limit { get; } = limit;
        public int Used { get; set; }
        public DateTimeOffset EndsAt { get; set; } = DateTimeOffset.MinValue;
    }
}
