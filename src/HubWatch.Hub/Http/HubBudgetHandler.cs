namespace HubWatch.Hub.Http;

/// <summary>Inside the retry handler, so every attempt, retries included, spends budget and waits for it.</summary>
public sealed class HubBudgetHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await hub.Budget.AcquireAsync(HubRequestBudget.KindOf(HubTransientFailures.UriOf(request)), cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
