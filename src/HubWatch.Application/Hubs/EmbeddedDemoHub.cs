using HubWatch.Hub.DemoHub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HubWatch.Application.Hubs;

/// <summary>Starts the demo hub on a loopback port when no hub is configured, before any job runs.</summary>
internal sealed class EmbeddedDemoHub(HubSource source, ILogger<EmbeddedDemoHub> logger) : IHostedService, IAsyncDisposable
{
    private DemoHubServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!source.IsDemo)
            return;
        var catalog = DemoHubCatalog.Recorded();
        _server = await DemoHubServer.StartAsync(catalog, ct: cancellationToken);
        source.AttachDemo(_server.BaseUri, catalog.Description);
        logger.LogInformation("Embedded demo hub ({Models} models) serving at {Url}", catalog.Models.Count, _server.BaseUri);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _server = null;
    }
}
