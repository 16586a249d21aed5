namespace HubWatch.Hub.Http;

/// <summary>
/// HubWatch's own request budget per fixed window. The defaults are half of the Hugging Face Hub's anonymous limits
/// (500 API / 3,000 resolver calls per 5 minutes, primer §5), so a crawl leaves room for whatever else shares the
/// address and never relies on the hub's 429 to slow it down.
/// </summary>
public sealed class HubBudgetOptions
{
    /// <summary>Off for benchmarks against a local hub: no request ever waits for the budget.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests to <c>/api/…</c> per window.</summary>
    public int ApiCallsPerWindow { get; set; } = 250;

    /// <summary>Every other request (file downloads through <c>/resolve/</c>) per window.</summary>
    public int ResolverCallsPerWindow { get; set; } = 1500;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}
