using HubWatch.Application.Overview;
using HubWatch.Data.Entities;
using HubWatch.Domain.Time;
using Microsoft.AspNetCore.Components;

namespace HubWatch.Web.Components.Pages;

/// <summary>
/// The landing page: every trend chart over a range of months kept in the address (<c>?from=YYYY-MM&amp;to=YYYY-MM</c>),
/// so a view can be shared and its exports cover the same months.
/// </summary>
public sealed partial class TrendsPage : IAsyncDisposable
{
    /// <summary>How often a live page re-reads the figures, so a job that lands shows without a reload.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    internal static readonly (string Label, int Months)[] Presets = [("12 months", 12), ("24 months", 24)];

    private readonly CancellationTokenSource _stop = new();

    [Inject] private OverviewService OverviewService { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }

    internal OverviewSnapshot? Snapshot { get; private set; }
    internal string? RangeError { get; private set; }

    internal string LastCrawlText => Snapshot?.LastCrawl is { } run ? Describe(run) : "not yet";

    internal string AllCsvUrl => Snapshot is null ? "" : $"/api/charts/all.csv?from={Snapshot.Trends.From}&to={Snapshot.Trends.To}";

    protected override Task OnParametersSetAsync() => LoadAsync(_stop.Token);

    private async Task LoadAsync(CancellationToken ct)
    {
        RangeError = MonthRange.TryParse(From, To, out var range, out var error) ? null : $"{error} Showing the default range.";
        Snapshot = await OverviewService.GetAsync(range.From, range.To, ct);
    }

    private void FromChanged(string? month) => Show(month, Snapshot?.Trends.To.ToString());

    private void ToChanged(string? month) => Show(Snapshot?.Trends.From.ToString(), month);

    private void LastMonths(int count)
    {
        var to = YearMonth.Of(DateTimeOffset.UtcNow);
        var from = to;
        for (var i = 1; i < count; i++)
            from = from.Previous();
        Show(from.ToString(), to.ToString());
    }

    private void AllMonths() => Navigation.NavigateTo("/");

    private void Show(string? from, string? to) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters("/", new Dictionary<string, object?> { ["from"] = from, ["to"] = to }));

    internal static string Describe(JobRun run) => run.Status switch
    {
        RunStatus.Running => $"running since {run.StartedAt:yyyy-MM-dd HH:mm} UTC",
        RunStatus.Succeeded => $"{run.FinishedAt:yyyy-MM-dd HH:mm} UTC · {run.ItemsNew} new, {run.ItemsUpdated} updated",
        RunStatus.Interrupted => $"interrupted (started {run.StartedAt:yyyy-MM-dd HH:mm} UTC; its process ended)",
        _ => $"failed {run.FinishedAt:yyyy-MM-dd HH:mm} UTC: {VisitorText.Of(run.Error ?? "no reason recorded")}",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
