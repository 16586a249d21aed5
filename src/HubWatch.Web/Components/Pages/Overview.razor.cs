using HubWatch.Application.Overview;
using HubWatch.Data.Entities;
using Microsoft.AspNetCore.Components;

namespace HubWatch.Web.Components.Pages;

public sealed partial class Overview : IAsyncDisposable
{
    /// <summary>How often a live page re-reads the figures, so a crawl that lands shows without a reload.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();

    [Inject] private OverviewService OverviewService { get; set; } = null!;

    internal OverviewSnapshot? Snapshot { get; private set; }

    internal string LastCrawlText => Snapshot?.LastCrawl is { } run ? Describe(run) : "not yet";

    protected override async Task OnInitializedAsync() => Snapshot = await OverviewService.GetAsync(_stop.Token);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
            _ = RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Snapshot = await OverviewService.GetAsync(_stop.Token);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // the circuit closed
        }
    }

    internal static string Describe(JobRun run) => run.Status switch
    {
        RunStatus.Running => $"running since {run.StartedAt:yyyy-MM-dd HH:mm} UTC",
        RunStatus.Succeeded => $"{run.FinishedAt:yyyy-MM-dd HH:mm} UTC · {run.ItemsNew} new, {run.ItemsUpdated} updated",
        _ => $"failed {run.FinishedAt:yyyy-MM-dd HH:mm} UTC: {run.Error}",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
