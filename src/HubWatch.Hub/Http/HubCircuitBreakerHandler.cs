namespace HubWatch.Hub.Http;

/// <summary>
/// Outermost: judges whole requests (retries included) and refuses them while the hub is down, so an outage costs
/// one fast exception per request instead of five attempts and minutes of backoff.
/// </summary>
public sealed class HubCircuitBreakerHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = HubTransientFailures.UriOf(request);
        bool trial;
        try
        {
            trial = hub.Breaker.Enter(uri);
        }
        catch (HubUnavailableException)
        {
            hub.Traffic.Rejected();
            throw;
        }

        var judged = false;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (HubTransientFailures.IsTransient(response.StatusCode))
                hub.Breaker.Failed(trial, $"{(int)response.StatusCode} {response.ReasonPhrase} from {request.Method} {uri.AbsolutePath}");
            else
                hub.Breaker.Succeeded(trial); // 4xx and 429 too: the hub answered, it is up
            judged = true;
            return response;
        }
        catch (Exception e) when (HubTransientFailures.IsTransient(e, cancellationToken))
        {
            // Exception texts come from lower layers; whatever they contain, the token must not reach a dashboard.
            hub.Breaker.Failed(trial, hub.Redact($"{request.Method} {uri.AbsolutePath}: {e.Message}"));
            judged = true;
            throw;
        }
        finally
        {
            if (!judged)
                hub.Breaker.Abandoned(trial);
        }
    }
}
