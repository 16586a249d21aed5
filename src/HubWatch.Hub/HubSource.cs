using HubWatch.Hub.Http;

namespace HubWatch.Hub;

/// <summary>The hub this process watches: a configured URL, or the embedded demo hub once it has started.</summary>
public sealed class HubSource
{
    public const string DemoKey = "demo";
    private Uri? _baseUri;

    private HubSource(Uri? baseUri, string? token)
    {
        _baseUri = baseUri;
        Token = token;
    }

    public static HubSource Configured(Uri baseUri, string? token = null) =>
        new(new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/"), string.IsNullOrWhiteSpace(token) ? null : token);

    /// <summary>The embedded demo hub; its address is known once <see cref="AttachDemo"/> has been called.</summary>
    public static HubSource Demo() => new(null, null);

    /// <summary>A demo hub already running at <paramref name="baseUri"/> (the CLI's and the tests' own).</summary>
    public static HubSource RunningDemo(Uri baseUri, string description)
    {
        var source = Demo();
        source.AttachDemo(baseUri, description);
        return source;
    }

    public bool IsDemo => Key == DemoKey;

    /// <summary>Names the hub in stored checkpoints: the demo hub's port changes at every start, its data do not.</summary>
    public string Key => _baseUri is null || DemoDescription is not null ? DemoKey : _baseUri.AbsoluteUri;

    public string? DemoDescription { get; private set; }

    public string DisplayName => IsDemo ? DemoDescription ?? "Demo hub" : _baseUri!.Host;

    public Uri BaseUri => _baseUri ?? throw new InvalidOperationException("The embedded demo hub has not started yet.");

    /// <summary>Bearer token for the hub (from HF_TOKEN). Never logged, never stored.</summary>
    private string? Token { get; }

    /// <summary>The token for this hub's own host only (the handler checks each request's host against it).</summary>
    public HubCredential Credential() => new(() => BaseUri, Token);

    /// <summary>Called by the embedded demo hub once it serves.</summary>
    public void AttachDemo(Uri baseUri, string description)
    {
        _baseUri = baseUri;
        DemoDescription = description;
    }
}
