using HubWatch.DemoHub.Serving;
using HubWatch.Hub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HubWatch.DemoHub.Hosting;

/// <summary>
/// When no hub is configured: generates the demo hub at first start (under data/demo-hub), then serves it on a
/// loopback port before any job runs.
/// </summary>
internal sealed class EmbeddedDemoHub(
    HubSource source,
    IOptions<DemoHubOptions> options,
    EmbeddedDemoHubFolder contentRoot,
    TimeProvider clock,
    ILogger<EmbeddedDemoHub> logger) : IHostedService, IAsyncDisposable
{
    private DemoHubServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!source.IsDemo)
            return;
        var demo = options.Value;
        var folder = Path.GetFullPath(demo.Folder, contentRoot.ContentRoot);
        var hub = await Task.Run(() => GeneratedHub.LoadOrGenerate(folder, demo.Seed, clock.GetUtcNow(), demo.Scale), cancellationToken);
        _server = await DemoHubServer.StartAsync(hub, ct: cancellationToken);
        source.AttachDemo(_server.BaseUri, hub.Description);
        logger.LogInformation("Embedded demo hub ({Models} models, {Folder}) serving at {Url}", hub.Repos.Count, folder, _server.BaseUri);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        _server = null;
    }
}

/// <summary>The folder <see cref="DemoHubOptions.Folder"/> is relative to.</summary>
internal sealed record EmbeddedDemoHubFolder(string ContentRoot);
