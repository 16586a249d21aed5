namespace HubWatch.Hub.Http;

/// <summary>
/// Puts <c>Authorization: Bearer …</c> on requests to the hub's own origin and takes the token off any other request
/// (a CDN or mirror URL the hub handed out), even one that got it from <c>HttpClient.DefaultRequestHeaders</c>.
/// Automatic redirects need no care here: .NET drops Authorization when it follows one.
/// </summary>
public sealed class HubAuthorizationHandler(HubResilience hub) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (hub.Credential is { } credential)
        {
            if (credential.IsHub(HubTransientFailures.UriOf(request)))
            {
                if (credential.Header() is { } header)
                    request.Headers.Authorization = header;
            }
            else if (credential.IsCarriedBy(request.Headers.Authorization))
            {
                request.Headers.Authorization = null;
            }
        }
        return base.SendAsync(request, cancellationToken);
    }
}
