using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.DemoHub.Serving;

/// <summary>
/// The demo hub on a real loopback port, speaking the Hugging Face Hub API: HubWatch crawls and samples it over
/// HTTP exactly as it would huggingface.co.
/// </summary>
public sealed class DemoHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoHubServer(WebApplication app, Uri baseUri, GeneratedHub hub, DemoHubFaults faults, HubTimeline timeline)
    {
        _app = app;
        BaseUri = baseUri;
        Hub = hub;
        Faults = faults;
        Timeline = timeline;
    }

    /// <summary>The hub root, ending in '/', e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    public GeneratedHub Hub { get; }

    /// <summary>Switch faults on and off while the server runs.</summary>
    public DemoHubFaults Faults { get; }

    /// <summary>Requests received so far (every path), for tests that act at a given point of a client's work.</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    private long _requests;

    /// <summary>Replays the hub's history: only repositories created before <see cref="HubTimeline.VisibleUntil"/> exist.</summary>
    public HubTimeline Timeline { get; }

    /// <param name="port">0 picks a free port.</param>
    public static async Task<DemoHubServer> StartAsync(GeneratedHub hub, int port = 0, DemoHubFaults? faults = null, TimeProvider? clock = null, CancellationToken ct = default)
    {
        faults ??= new DemoHubFaults();
        // An empty builder: the demo hub must not read the host application's configuration or logging setup.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "HubWatch.DemoHub" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();

        var documents = new ModelDocuments(hub);
        var timeline = new HubTimeline();
        var listing = new ListingEndpoint(hub, documents, faults, timeline);
        var repos = new RepoEndpoints(hub, documents, timeline);
        var injection = new FaultInjection(faults, clock ?? TimeProvider.System);
        DemoHubServer? self = null;
        app.Use((context, next) =>
        {
            if (self is not null)
                Interlocked.Increment(ref self._requests);
            return next(context);
        });
        app.Use(injection.InvokeAsync);
        app.UseRouting();
        app.MapGet("/api/models", listing.Handle);
        app.MapGet("/api/models/{**rest}", (HttpContext context, string rest) => repos.Api(context, rest));
        app.MapMethods("/{author}/{name}/resolve/{rev}/{**path}", [HttpMethods.Get, HttpMethods.Head],
            (HttpContext context, string author, string name, string rev, string path) => repos.Resolve(context, author, name, rev, path, faults.IgnoreRange));
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new DemoHubServer(app, new Uri(address.TrimEnd('/') + "/"), hub, faults, timeline);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
