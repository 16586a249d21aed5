namespace HubWatch.Hub.Http;

/// <summary>Innermost: sees exactly what goes over the wire, one call per attempt, and counts it in <see cref="HubTraffic"/>.</summary>
public sealed class HubTrafficHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch
        {
            hub.Traffic.Unanswered();
            throw;
        }
        hub.Traffic.Answered(request, response);
        return response;
    }
}
