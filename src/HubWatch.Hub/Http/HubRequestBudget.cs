using System.Threading.RateLimiting;

namespace HubWatch.Hub.Http;

/// <summary>
/// HubWatch's client-side request budget per fixed window, one per request kind: a
/// <see cref="FixedWindowRateLimiter"/> each, refilled once a window on <see cref="TimeProvider"/> (so tests move time), requests
/// beyond the budget queued oldest first until the next window. By hand only what is the Hub's own: a 429 that says
/// the hub's window is spent until a time holds that kind back until then. Shared by every request to one hub.
/// </summary>
public sealed class HubRequestBudget : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Kind _api;
    private readonly Kind _resolve;
    private readonly ITimer? _refill;

    public HubRequestBudget(HubBudgetOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Enabled = options.Enabled;
        _time = time ?? TimeProvider.System;
        _api = new Kind(options.ApiCallsPerWindow);
        _resolve = new Kind(options.ResolverCallsPerWindow);
        if (Enabled)
            _refill = _time.CreateTimer(_ => Refill(), null, options.Window, options.Window);
    }

    public bool Enabled { get; }

    public static HubRequestKind KindOf(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        var path = requestUri.IsAbsoluteUri ? requestUri.AbsolutePath : "/" + requestUri.OriginalString.TrimStart('/');
        return path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api" ? HubRequestKind.Api : HubRequestKind.Resolve;
    }

    /// <summary>
    /// Takes one request from the budget of <paramref name="kind"/>, waiting (cancellably) while the hub said that
    /// kind is spent and then for the next window when HubWatch's own budget is.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireAsync(HubRequestKind kind, CancellationToken ct)
    {
        var of = Of(kind);
        while (true)
        {
            DateTimeOffset until;
            lock (of)
                until = of.HeldUntil;
            var now = _time.GetUtcNow();
            if (now >= until)
                break;
            await Task.Delay(until - now, _time, ct);
        }
        var lease = await of.Limiter.AcquireAsync(1, ct);
        return lease.IsAcquired ? lease : throw new InvalidOperationException($"The {kind} budget refused a request it should have queued.");
    }

    /// <summary>
    /// The hub said (429 with Retry-After or RateLimit) that this kind is spent until <paramref name="until"/>: hold
    /// the kind's requests back until then, so they queue here instead of collecting more 429s.
    /// </summary>
    public void ExhaustUntil(HubRequestKind kind, DateTimeOffset until)
    {
        if (!Enabled)
            return;
        var of = Of(kind);
        lock (of)
        {
            if (until > of.HeldUntil)
                of.HeldUntil = until;
        }
    }

    public void Dispose()
    {
        _refill?.Dispose();
        _api.Limiter.Dispose();
        _resolve.Limiter.Dispose();
    }

    private void Refill()
    {
        _api.Limiter.TryReplenish();
        _resolve.Limiter.TryReplenish();
    }

    private Kind Of(HubRequestKind kind) => kind == HubRequestKind.Api ? _api : _resolve;

    private sealed class Kind(int limit)
    {
        // Refilled by the TimeProvider's timer once a window (so tests move time), not by the limiter's own clock:
        // with AutoReplenishment off, TryReplenish still compares its own Stopwatch against Window, so Window here is
        // only the shortest gap between two refills the limiter accepts.
        public FixedWindowRateLimiter Limiter { get; } = new(new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMilliseconds(1),
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        public DateTimeOffset HeldUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
