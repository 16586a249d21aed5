using System.Net.Http.Headers;

namespace HubWatch.Hub.Http;

/// <summary>
/// The hub a client talks to and the bearer token it may show there, and only there: never to a CDN, a mirror, or
/// another port or scheme of the same host. <see cref="ToString"/> and <see cref="Redact"/> keep the token out of text.
/// </summary>
public sealed class HubCredential
{
    private const string Redacted = "[token]";
    private readonly Func<Uri> _hub;
    private readonly string? _token;

    public HubCredential(Uri hub, string? token = null)
        : this(() => hub, token)
    {
        ArgumentNullException.ThrowIfNull(hub);
    }

    /// <param name="hub">Read per request: the embedded demo hub's address is known only once it has started.</param>
    public HubCredential(Func<Uri> hub, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        _hub = hub;
        _token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }

    public bool HasToken => _token is not null;

    public Uri Hub => _hub();

    /// <summary>Same scheme, host and port as the hub: an https→http downgrade or another port is another origin.</summary>
    public bool IsHub(Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        return requestUri.IsAbsoluteUri
            && Uri.Compare(requestUri, Hub, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    /// <summary><paramref name="text"/> with every occurrence of the token replaced; exception messages and logs go through this.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _token is null ? text : text.Replace(_token, Redacted, StringComparison.Ordinal);
    }

    public override string ToString() => $"{Hub.Authority} ({(HasToken ? "token set" : "anonymous")})";

    internal AuthenticationHeaderValue? Header() => _token is null ? null : new AuthenticationHeaderValue("Bearer", _token);

    /// <summary>Whether a header carries this token, however it got onto the request (e.g. HttpClient.DefaultRequestHeaders).</summary>
    internal bool IsCarriedBy(AuthenticationHeaderValue? header) =>
        _token is not null && header?.Parameter is { } parameter && string.Equals(parameter.Trim(), _token, StringComparison.Ordinal);
}
