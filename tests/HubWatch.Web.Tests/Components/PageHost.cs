using Bunit;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Quartz;

namespace HubWatch.Web.Tests.Components;

/// <summary>A bUnit context that renders pages statically over HubWatch's real services and a test database.</summary>
internal sealed class PageHost : IAsyncDisposable
{
    private readonly ServiceProvider _app;

    /// <param name="hub">The hub the services talk to; by default one nobody calls (pages that only read the database).</param>
    /// <param name="clock">"Now" for pages that print it; by default the system clock.</param>
    /// <param name="more">Services beyond the core ones, in the same container.</param>
    /// <param name="arrange">Test doubles for the context (such as the signed-in user), added before anything renders.</param>
    public PageHost(TestDatabase database, HubSource? hub = null, TimeProvider? clock = null, Action<IServiceCollection, IConfiguration>? more = null,
        Action<BunitContext>? arrange = null)
    {
        _app = HubWatchServices.Build(database, hub ?? HubSource.Configured(new Uri("http://127.0.0.1:9/")), more: more);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddFallbackServiceProvider(_app);
        if (clock is not null)
            Context.Services.AddSingleton(clock); // bUnit registers a TimeProvider of its own, ahead of the fallback
        arrange?.Invoke(Context);
        Context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));
    }

    public BunitContext Context { get; } = new();

    public IServiceProvider App => _app;

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        // a page that shows the jobs created a scheduler (never started); its threads go with it
        if (_app.GetService<ISchedulerFactory>() is { } schedulers)
            await (await schedulers.GetScheduler()).Shutdown();
        await _app.DisposeAsync();
    }
}
