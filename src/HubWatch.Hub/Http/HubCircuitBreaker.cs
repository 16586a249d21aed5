using Polly;
using Polly.CircuitBreaker;

namespace HubWatch.Hub.Http;

/// <summary>
/// One hub's circuit breaker (Polly's), shared by every request to it, and what it shows on <see cref="Health"/>.
/// It judges requests, not attempts: the retries run inside it, so a request counts as failed once its retries are
/// spent. After <see cref="HubBreakerOptions.FailureThreshold"/> failed requests and no success within the sampling
/// window it opens: requests fail fast with <see cref="HubUnavailableException"/>; after the cool-down one trial
/// request goes through (half-open), and its outcome closes the breaker or opens it for another cool-down. The
/// request's total timeout runs inside it, so a request that ran out of time counts as failed.
/// </summary>
public sealed class HubCircuitBreaker
{
    private readonly Lock _gate = new();
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _coolDown;
    private int _failures;
    private DateTimeOffset? _openedAt;
    private string? _lastError;
    private string? _host;

    public HubCircuitBreaker(HubHttpOptions options, HubHealth health, TimeProvider time, Func<string, string> redact)
    {
        ArgumentNullException.ThrowIfNull(options);
        Health = health;
        _time = time;
        _coolDown = options.Breaker.CoolDown;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            // "N failed requests and not one success among them": a ratio of 1 over at least N requests
            FailureRatio = 1.0,
            MinimumThroughput = options.Breaker.FailureThreshold,
            SamplingDuration = options.Breaker.SamplingDuration,
            BreakDuration = options.Breaker.CoolDown,
            StateProvider = _state,
            ShouldHandle = args => ValueTask.FromResult(HubPipeline.IsTransient(args.Outcome, args.Context.CancellationToken)),
            OnOpened = _ => Changed(opened: true),
            OnHalfOpened = _ => Changed(opened: false),
            OnClosed = _ => Changed(opened: false),
        });
        if (options.Retry.TotalTimeout != Timeout.InfiniteTimeSpan)
            builder.AddTimeout(options.Retry.TotalTimeout);
        Pipeline = builder.Build();
        Redact = redact;
    }

    public HubHealth Health { get; }

    internal ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    private Func<string, string> Redact { get; }

    /// <summary>Records a request's outcome for <see cref="Health"/> (Polly keeps its own counts for the decision).</summary>
    internal void Judged(HttpRequestMessage request, Uri uri, Outcome<HttpResponseMessage> outcome, CancellationToken ct)
    {
        lock (_gate)
        {
            _host = uri.Authority;
            if (!HubPipeline.IsTransient(outcome, ct))
            {
                // cancelled by the caller: no verdict on the hub; any answer proves it reachable
                if (outcome.Exception is null)
                    _failures = 0;
            }
            else
            {
                _failures++;
                _lastError = outcome.Exception is { } e
                    ? Redact($"{request.Method} {uri.AbsolutePath}: {e.Message}")
                    : $"{(int)outcome.Result!.StatusCode} {outcome.Result.ReasonPhrase} from {request.Method} {uri.AbsolutePath}";
            }
            Publish();
        }
    }

    internal HubUnavailableException Refusal(Uri uri, BrokenCircuitException refused)
    {
        lock (_gate)
        {
            _host ??= uri.Authority;
            var trialUnderWay = _state.CircuitState == CircuitState.HalfOpen;
            var retryAt = _openedAt + _coolDown ?? _time.GetUtcNow() + (refused.RetryAfter ?? TimeSpan.Zero);
            return new HubUnavailableException(_host, retryAt, _failures, _lastError, trialUnderWay);
        }
    }

    private ValueTask Changed(bool opened)
    {
        lock (_gate)
        {
            if (opened)
                _openedAt = _time.GetUtcNow();
            else if (_state.CircuitState == CircuitState.Closed)
                (_openedAt, _failures) = (null, 0);
            Publish();
        }
        return ValueTask.CompletedTask;
    }

    private void Publish()
    {
        var state = _state.CircuitState switch
        {
            CircuitState.Open or CircuitState.Isolated => HubCircuitState.Open,
            CircuitState.HalfOpen => HubCircuitState.HalfOpen,
            _ => HubCircuitState.Closed,
        };
        Health.Set(new HubHealthSnapshot(state, _failures, state == HubCircuitState.Closed ? null : _openedAt,
            state == HubCircuitState.Closed ? null : _openedAt + _coolDown, _lastError, _host));
    }
}
