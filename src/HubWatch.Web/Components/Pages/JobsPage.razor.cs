using HubWatch.Application.Faults;
using HubWatch.Application.Scheduling;
using HubWatch.Data.Entities;
using HubWatch.Web.Admin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace HubWatch.Web.Components.Pages;

/// <summary>Every job with its state and recent runs; admins also run, pause and reschedule them here.</summary>
public sealed partial class JobsPage : IAsyncDisposable
{
    /// <summary>How often a live page re-reads the jobs, so runs show as they start and end.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, string> _intervals = new(StringComparer.Ordinal);
    private bool _busy;

    [Inject] private JobControl Jobs { get; set; } = null!;
    [Inject] private ModelFaults Faults { get; set; } = null!;
    [Inject] private IOptions<QuarantineOptions> QuarantineOptions { get; set; } = null!;
    [Inject] private IAuthorizationService Authorization { get; set; } = null!;
    [Inject] private ISnackbar Snackbar { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    internal IReadOnlyList<JobStatus>? Items { get; private set; }

    /// <summary>The most recently parked models (a page of them: the Models page filters the rest).</summary>
    internal IReadOnlyList<ModelFault>? Parked { get; private set; }

    private QuarantineOptions Quarantine => QuarantineOptions.Value;

    /// <summary>Decides what is rendered; every action checks again on the server before it acts.</summary>
    internal bool IsAdmin { get; private set; }

    protected override Task OnInitializedAsync() => LoadAsync(_stop.Token);

    /// <summary>Also when the sign-in changes under an open page (a sign-out elsewhere, an expired session): the buttons go with it.</summary>
    protected override async Task OnParametersSetAsync() => IsAdmin = await IsAdminAsync();

    private async Task LoadAsync(CancellationToken ct)
    {
        Items = await Jobs.ListAsync(ct);
        Parked = await Faults.ParkedAsync(100, ct);
        foreach (var job in Items)
            _intervals.TryAdd(job.Name, JobInterval.Format(job.Interval ?? job.ConfiguredInterval));
    }

    private Task ChangeIntervalAsync(string job)
    {
        if (JobInterval.TryParse(_intervals.GetValueOrDefault(job), out var interval))
            return ActAsync(ct => Jobs.ChangeIntervalAsync(job, interval, ct));
        Snackbar.Add("Write the interval as 30m, 2h, 1d12h or 00:30:00.", Severity.Warning);
        return Task.CompletedTask;
    }

    private Task ReleaseAsync(ModelFault fault) => ActAsync(async ct =>
        await Faults.ReleaseAsync(fault.ModelId, fault.Step, ct)
            ? JobActionResult.Done($"{fault.ModelId} released: its {fault.Step} step tries it again at the next run.")
            : JobActionResult.Refused($"{fault.ModelId} is no longer parked for {fault.Step}."));

    private async Task ActAsync(Func<CancellationToken, Task<JobActionResult>> action)
    {
        if (!await IsAdminAsync())
        {
            Snackbar.Add("Sign in as admin first.", Severity.Warning);
            return;
        }
        _busy = true;
        try
        {
            var result = await action(_stop.Token);
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
            await LoadAsync(_stop.Token);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<bool> IsAdminAsync() =>
        AuthenticationState is not null && (await Authorization.AuthorizeAsync((await AuthenticationState).User, AdminAuthentication.Policy)).Succeeded;

    internal static string StateText(JobStatus job) => job.State switch
    {
        JobState.Running => job.IsPaused ? "running (paused)" : "running",
        JobState.Paused => "paused",
        JobState.Scheduled => "scheduled",
        _ => "off (disabled in configuration)",
    };

    internal static string IntervalText(JobStatus job) => job.Interval is { } interval
        ? job.IntervalSetByAdmin ? $"{JobInterval.Format(interval)} (set by an admin; configured {JobInterval.Format(job.ConfiguredInterval)})" : JobInterval.Format(interval)
        : "—";

    internal static string NextRunText(JobStatus job) =>
        job.NextRun is { } next ? $"{next.UtcDateTime:yyyy-MM-dd HH:mm:ss}" : job.IsPaused ? "paused" : "—";

    internal static string RunText(JobRunSummary run)
    {
        var started = $"{run.StartedAt:yyyy-MM-dd HH:mm:ss}";
        return run.Status switch
        {
            RunStatus.Running => $"{started} · running",
            RunStatus.Succeeded => $"{started} · {Duration(run)} · succeeded · {run.New} new, {run.Updated} updated, {run.Failed} failed",
            RunStatus.Interrupted => $"{started} · interrupted (its process ended; noticed {run.FinishedAt:yyyy-MM-dd HH:mm:ss})",
            _ => $"{started} · {Duration(run)} · failed",
        };
    }

    private static string Duration(JobRunSummary run) =>
        run.Duration is { } duration ? duration < TimeSpan.FromSeconds(1) ? "under 1s" : JobInterval.Format(TimeSpan.FromSeconds(Math.Round(duration.TotalSeconds))) : "";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
    }
}
