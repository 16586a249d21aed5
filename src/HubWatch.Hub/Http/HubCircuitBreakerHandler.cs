using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HubWatch.Hub.Http;

/// <summary>
/// Outermost: runs each request through <see cref="HubCircuitBreaker"/> (the breaker, then the request's total
/// timeout), so an outage costs one fast <see cref="HubUnavailableException"/> per request instead of five attempts
/// and minutes of backoff, and no request waits for ever.
/// </summary>
public sealed class HubCircuitBreakerHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = HubTransientFailures.UriOf(request);
        try
        {
            var response = await HubPipeline.SendAsync(hub.Breaker.Pipeline, request, base.SendAsync, cancellationToken);
            hub.Breaker.Judged(request, uri, Outcome.FromResult(response), cancellationToken);
            return response;
        }
        catch (BrokenCircuitException refused)
        {
            hub.Traffic.Rejected();
            throw hub.Breaker.Refusal(uri, refused);
        }
        catch (TimeoutRejectedException e)
        {
            hub.Breaker.Judged(request, uri, Outcome.FromException<HttpResponseMessage>(e), cancellationToken);
            throw new HttpRequestException($"{uri.Authority} did not answer {request.Method} {uri.AbsolutePath} within {hub.Retry.TotalTimeout.TotalSeconds:0.###} s, retries included", new TimeoutException(e.Message, e));
        }
        catch (Exception e)
        {
            hub.Breaker.Judged(request, uri, Outcome.FromException<HttpResponseMessage>(e), cancellationToken);
            throw;
        }
    }
}
