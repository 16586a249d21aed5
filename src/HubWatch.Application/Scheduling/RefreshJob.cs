using HubWatch.Application.Crawling;
using HubWatch.Hub.Http;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>Picks up edited, deleted and renamed models (<see cref="RefreshService"/>).</summary>
[DisallowConcurrentExecution]
public sealed class RefreshJob(RefreshService refresh, JobRunRecorder runs, HubTraffic traffic, ILogger<RefreshJob> logger) : RecordedJob(runs, traffic, logger)
{
    protected override JobDefinition Definition => HubWatchJobs.Refresh;

    protected override async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var result = await refresh.RunAsync(ct);
        return new JobOutcome(result.New, result.Changed + result.Verified, result.Failed,
            $"{result.Changed} changed, {result.Verified} verified, {result.Deleted} deleted, {result.Renamed} renamed");
    }
}
