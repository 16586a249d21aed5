namespace HubWatch.Hub.Http;

/// <summary>
/// The circuit breaker's state for one hub, published for whoever shows it (register it as a singleton). Reads
/// are lock-free.
/// </summary>
/// <remarks>
/// An open breaker turns half-open only when a request arrives after the cool-down, so a dashboard may see
/// <see cref="HubCircuitState.Open"/> with a <see cref="HubHealthSnapshot.RetryAt"/> in the past: "retrying at the next request".
/// </remarks>
public sealed class HubHealth
{
    private HubHealthSnapshot _current = HubHealthSnapshot.Healthy;

    public HubHealthSnapshot Current => Volatile.Read(ref _current);

    public HubCircuitState State => Current.State;

    public int ConsecutiveFailures => Current.ConsecutiveFailures;

    public DateTimeOffset? OpenedAt => Current.OpenedAt;

    public DateTimeOffset? RetryAt => Current.RetryAt;

    public string? LastError => Current.LastError;

    internal void Set(HubHealthSnapshot snapshot) => Volatile.Write(ref _current, snapshot);
}
