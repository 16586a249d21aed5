using Microsoft.AspNetCore.Components;

namespace HubWatch.Web.Components.Shared;

/// <summary>
/// Calls <see cref="OnTick"/> every <see cref="Interval"/> while the page is live in a circuit (never while it is only
/// prerendered), so figures that a background job changes show without a reload; stops when the circuit closes. The
/// page re-renders after each tick, as after any event callback.
/// </summary>
public sealed class LiveRefresh : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    [Parameter, EditorRequired] public TimeSpan Interval { get; set; }

    [Parameter, EditorRequired] public EventCallback<CancellationToken> OnTick { get; set; }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
            _ = RunAsync();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                await InvokeAsync(() => OnTick.InvokeAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // the circuit closed
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
