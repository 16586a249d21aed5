namespace HubWatch.Hub.Http;

/// <summary>
/// One hub's circuit breaker, shared by every request to it. It counts requests, not attempts: the retry handler
/// sits inside it, so a request counts as failed only once its retries are spent. After
/// <see cref="HubBreakerOptions.FailureThreshold"/> consecutive failures it opens and requests fail fast with
/// <see cref="HubUnavailableException"/>; after the cool-down one trial request goes through (half-open), and its
/// outcome closes the breaker or opens it for another cool-down. State is published on <see cref="Health"/>.
/// </summary>
public sealed class HubCircuitBreaker
{
    private readonly Lock _gate = new();
    private readonly int _threshold;
    private readonly TimeSpan _coolDown;
    private readonly TimeProvider _time;
    private HubCircuitState _state = HubCircuitState.Closed;
    private int _failures;
    private DateTimeOffset? _openedAt;
    private string? _lastError;
    private string? _host;
    private bool _trialUnderWay;

    public HubCircuitBreaker(HubBreakerOptions options, HubHealth health, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(health);
        _threshold = options.FailureThreshold;
        _coolDown = options.CoolDown;
        _time = time ?? TimeProvider.System;
        Health = health;
    }

    public HubHealth Health { get; }

    private DateTimeOffset? RetryAt => _openedAt + _coolDown;

    /// <summary>Lets a request through, or throws <see cref="HubUnavailableException"/>.</summary>
    /// <returns>Whether this request is the half-open trial, whose outcome decides the breaker's state.</returns>
    internal bool Enter(Uri requestUri)
    {
        lock (_gate)
        {
            _host = requestUri.Authority;
            switch (_state)
            {
                case HubCircuitState.Closed:
                    return false;
                case HubCircuitState.Open when _time.GetUtcNow() < RetryAt:
                    throw Refusal(trialUnderWay: false);
                case HubCircuitState.HalfOpen when _trialUnderWay:
                    throw Refusal(trialUnderWay: true);
            }
            // Open past its cool-down, or half-open after a trial that was cancelled: this request is the trial.
            (_state, _trialUnderWay) = (HubCircuitState.HalfOpen, true);
            Publish();
        }
        return true;
    }

    internal void Succeeded(bool trial)
    {
        lock (_gate)
        {
            if (trial)
                _trialUnderWay = false;
            if (_state == HubCircuitState.Closed && _failures == 0)
                return;
            // Any answer proves the hub reachable, even one to a request that started before the breaker opened.
            (_state, _failures, _openedAt) = (HubCircuitState.Closed, 0, null);
            Publish();
        }
    }

    /// <param name="error">Already free of the token: the breaker shows it on dashboards and in exception messages.</param>
    internal void Failed(bool trial, string error)
    {
        lock (_gate)
        {
            if (trial)
                _trialUnderWay = false;
            _failures++;
            _lastError = error;
            if (trial || (_state == HubCircuitState.Closed && _failures >= _threshold))
                (_state, _openedAt) = (HubCircuitState.Open, _time.GetUtcNow());
            Publish();
        }
    }

    /// <summary>The request ended without a verdict on the hub (the caller cancelled it, or it was malformed).</summary>
    internal void Abandoned(bool trial)
    {
        if (!trial)
            return;
        lock (_gate)
            _trialUnderWay = false; // still half-open: the next request becomes the trial
    }

    private void Publish() => Health.Set(new HubHealthSnapshot(_state, _failures, _openedAt, RetryAt, _lastError, _host));

    private HubUnavailableException Refusal(bool trialUnderWay) =>
        new(_host ?? "(unknown host)", RetryAt ?? _time.GetUtcNow(), _failures, _lastError, trialUnderWay);
}
