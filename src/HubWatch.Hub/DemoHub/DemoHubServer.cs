using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Hub.DemoHub;

/// <summary>
/// The demo hub on a real loopback port, so HubWatch crawls it over HTTP exactly as it crawls huggingface.co.
/// </summary>
public sealed class DemoHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoHubServer(WebApplication app, Uri baseUri, DemoHubCatalog catalog)
    {
        _app = app;
        BaseUri = baseUri;
        Catalog = catalog;
    }

    /// <summary>The hub root, ending in '/', e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    public DemoHubCatalog Catalog { get; }

    /// <param name="port">0 picks a free port.</param>
    public static async Task<DemoHubServer> StartAsync(DemoHubCatalog catalog, int port = 0, CancellationToken ct = default)
    {
        // An empty builder: the demo hub must not read the host application's configuration or logging setup.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "HubWatch.DemoHub" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        app.MapDemoHub(catalog);
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DemoHubServer(app, new Uri(address.TrimEnd('/') + "/"), catalog);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
