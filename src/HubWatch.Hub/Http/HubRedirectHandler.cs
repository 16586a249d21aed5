using System.Net;
using HubWatch.Hub.Api;

namespace HubWatch.Hub.Http;

/// <summary>
/// Follows the redirects of file requests (<c>/resolve/</c> to a CDN, or to a renamed repository) where
/// <see cref="HubDestinations"/> allows, each hop a request of its own through the retries, budget and
/// authorization below (so the token goes to the hub's own origin only). Redirects of API requests are meaning,
/// not location — a 307 from <c>/api/models/{id}</c> says the repository was renamed — and are returned as they are.
/// </summary>
public sealed class HubRedirectHandler(HubResilience hub) : DelegatingHandler
{
    /// <summary>The Hub needs one hop (to its CDN), two for a renamed repository's file.</summary>
    public const int MaxHops = 5;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        for (var hops = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location && !IsApi(request); hops++)
        {
            var from = HubTransientFailures.UriOf(request);
            var target = new Uri(from, location);
            var refusal = hops >= MaxHops ? $"more than {MaxHops} redirects are not followed" : hub.Destinations?.WhyNotFollow(from, target) ?? HubDestinations.WhyNotFollowScheme(from, target);
            if (refusal is not null)
            {
                var status = response.StatusCode;
                response.Dispose();
                throw new HubRequestException(status, $"{from.AbsolutePath} redirected to {target.GetLeftPart(UriPartial.Path)}: {refusal}");
            }
            response.Dispose();
            request = Copy(request, target);
            response = await base.SendAsync(request, cancellationToken);
        }
        return response;
    }

    /// <summary>The statuses that carry a Location to follow (the one list, for HubClient's renames too).</summary>
    internal static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool IsApi(HttpRequestMessage request) =>
        HubTransientFailures.UriOf(request).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal);

    /// <summary>The same GET at another address: Range and the other headers kept, the token left to the authorization handler.</summary>
    private static HttpRequestMessage Copy(HttpRequestMessage request, Uri target)
    {
        var copy = new HttpRequestMessage(request.Method == HttpMethod.Head ? HttpMethod.Head : HttpMethod.Get, target) { Version = request.Version, VersionPolicy = request.VersionPolicy };
        foreach (var (name, values) in request.Headers)
        {
            if (!name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                copy.Headers.TryAddWithoutValidation(name, values);
        }
        return copy;
    }
}
