namespace HubWatch.Hub.Http;

/// <summary>
/// Counters of one hub's traffic at one moment. Subtract a snapshot taken before a crawl run from one taken after it
/// to get that run's requests and bytes.
/// </summary>
/// <param name="Requests">Attempts sent to the network, retries included.</param>
/// <param name="Retries">Attempts that repeated an earlier one (after 5xx, 429, a timeout or a connection failure).</param>
/// <param name="RateLimited">429 answers.</param>
/// <param name="ServerErrors">5xx answers.</param>
/// <param name="Unanswered">Attempts that ended without a response: connection failures, timeouts, cancellations.</param>
/// <param name="Rejected">Requests the open circuit breaker failed fast, without touching the network.</param>
/// <param name="BytesReceived">Sum of response Content-Length where the hub sent one (HEAD responses excluded).</param>
public readonly record struct HubTrafficSnapshot(
    long Requests, long Retries, long RateLimited, long ServerErrors, long Unanswered, long Rejected, long BytesReceived)
{
    public static HubTrafficSnapshot operator -(HubTrafficSnapshot after, HubTrafficSnapshot before) => new(
        after.Requests - before.Requests,
        after.Retries - before.Retries,
        after.RateLimited - before.RateLimited,
        after.ServerErrors - before.ServerErrors,
        after.Unanswered - before.Unanswered,
        after.Rejected - before.Rejected,
        after.BytesReceived - before.BytesReceived);

    public HubTrafficSnapshot Since(HubTrafficSnapshot before) => this - before;
}
