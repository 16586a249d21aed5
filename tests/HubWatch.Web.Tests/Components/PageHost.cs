using Bunit;
using HubWatch.Application.Hubs;
using HubWatch.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace HubWatch.Web.Tests.Components;

/// <summary>A bUnit context that renders pages statically over HubWatch's real services and a test database.</summary>
internal sealed class PageHost : IAsyncDisposable
{
    private readonly ServiceProvider _app;

    /// <param name="hub">The hub the services talk to; by default one nobody calls (pages that only read the database).</param>
    /// <param name="clock">"Now" for pages that print it; by default the system clock.</param>
    public PageHost(TestDatabase database, HubSource? hub = null, TimeProvider? clock = null)
    {
        _app = HubWatchServices.Build(database, hub ?? HubSource.Configured(new Uri("http://127.0.0.1:9/")));
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddFallbackServiceProvider(_app);
        if (clock is not null)
            Context.Services.AddSingleton(clock); // bUnit registers a TimeProvider of its own, ahead of the fallback
        Context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    public BunitContext Context { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _app.DisposeAsync();
    }
}
