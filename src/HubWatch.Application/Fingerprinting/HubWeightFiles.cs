using HubWatch.Formats.Reading;
using HubWatch.Hub;
using HubWatch.Hub.Api;

namespace HubWatch.Application.Fingerprinting;

/// <summary>
/// A repository's weight files as byte sources read with Range requests through the hub's <c>/resolve/</c>
/// endpoint, pinned to a commit. The real Hub redirects large files to its CDN: the handlers follow redirects where
/// <see cref="Hub.Http.HubDestinations"/> allows, with the token for the hub's own origin only.
/// </summary>
public sealed class HubWeightFiles(IHttpClientFactory clients, HubSource hub)
{
    public const string ClientName = "hub-weights";

    /// <param name="budget">The model's, shared by all its files.</param>
    public IByteSource Open(string modelId, string revision, string path, ByteBudget budget)
    {
        return new HttpByteSource(clients.CreateClient(ClientName), new Uri(hub.BaseUri, HubClient.FileUri(modelId, revision, path)), budget);
    }
}
