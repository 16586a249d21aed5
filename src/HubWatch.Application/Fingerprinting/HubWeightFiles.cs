using HubWatch.Formats.Reading;
using HubWatch.Hub;

namespace HubWatch.Application.Fingerprinting;

/// <summary>
/// A repository's weight files as byte sources read with Range requests through the hub's <c>/resolve/</c>
/// endpoint, pinned to a commit. The real Hub redirects large files to its CDN: this client follows redirects
/// (the token is added for the hub's own host only, and .NET drops Authorization on a redirect).
/// </summary>
public sealed class HubWeightFiles(IHttpClientFactory clients, HubSource hub)
{
    public const string ClientName = "hub-weights";

    /// <summary>Room for headers above the data budget: a safetensors header may be 100 MB by the format's rules.</summary>
    public const long HeaderAllowance = 100L << 20;

    public IByteSource Open(string modelId, string revision, string path, long dataBudget)
    {
        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return new HttpByteSource(clients.CreateClient(ClientName), new Uri(hub.BaseUri, $"{modelId}/resolve/{revision}/{escaped}"), dataBudget + HeaderAllowance);
    }
}
