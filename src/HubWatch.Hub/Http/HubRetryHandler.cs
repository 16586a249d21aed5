using System.Net;

namespace HubWatch.Hub.Http;

/// <summary>
/// Repeats GET and HEAD requests without a body after 5xx answers, timeouts and connection failures (full-jitter
/// exponential backoff), and after 429 (the wait the hub asked for, capped). A 429 also tells the budget that the
/// window is spent, so other requests wait instead of collecting 429s. Other methods are sent once: their body may
/// already be consumed, and repeating them may not be safe.
/// </summary>
public sealed class HubRetryHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempts = IsRepeatable(request) ? hub.Retry.MaxAttempts : 1;
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= attempts;
            TimeSpan wait;
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (WaitBeforeRepeating(request, response, attempt) is not { } delay || last)
                    return response;
                response.Dispose();
                wait = delay;
            }
            catch (Exception e) when (!last && HubTransientFailures.IsTransient(e, cancellationToken))
            {
                wait = Backoff(attempt);
            }
            await Task.Delay(wait, hub.Time, cancellationToken);
            hub.Traffic.Retried();
        }
    }

    private static bool IsRepeatable(HttpRequestMessage request) =>
        (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head) && request.Content is null;

    /// <summary>How long to wait before repeating after this response; null when it is final.</summary>
    private TimeSpan? WaitBeforeRepeating(HttpRequestMessage request, HttpResponseMessage response, int attempt)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
            return HubTransientFailures.IsTransient(response.StatusCode) ? Backoff(attempt) : null;

        var now = hub.Time.GetUtcNow();
        if (HubRateLimitHeaders.RequestedWait(response, now) is not { } requested)
            return Backoff(attempt);
        var wait = requested < hub.MaxRetryAfter ? requested : hub.MaxRetryAfter;
        hub.Budget.ExhaustUntil(HubRequestBudget.KindOf(HubTransientFailures.UriOf(request)), now + wait);
        return wait;
    }

    private TimeSpan Backoff(int attempt) => HubBackoff.Delay(attempt, hub.Retry, hub.Jitter());
}
