using System.Net;

namespace HubWatch.Hub.Http;

/// <summary>
/// The Hub's own rate limits, kept by hand: on a 429 that says when the window resets (<c>Retry-After</c>,
/// <c>RateLimit</c>), the budget holds that kind of request back until then (capped at
/// <see cref="HubHttpOptions.MaxRetryAfter"/>), so other requests wait instead of collecting 429s. Inside the budget
/// and the retries: it sees every attempt's answer, the last one included.
/// </summary>
public sealed class HubRateLimitHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests && hub.RetryAfter(response) is { } wait)
            hub.Budget.ExhaustUntil(HubRequestBudget.KindOf(HubTransientFailures.UriOf(request)), hub.Time.GetUtcNow() + wait);
        return response;
    }
}
