namespace HubWatch.Hub.Http;

public enum HubCircuitState
{
    /// <summary>Requests flow.</summary>
    Closed,

    /// <summary>The hub kept failing: requests fail fast until the cool-down ends.</summary>
    Open,

    /// <summary>The cool-down ended: one trial request decides between Closed and Open again.</summary>
    HalfOpen,
}
