using HubWatch.Application.Fingerprinting;
using HubWatch.Hub.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>
/// Samples the weights of newly crawled models (<see cref="FingerprintService"/>). Triggered by the crawl, and on its
/// own schedule as a backstop; a run that filled its quota triggers the next at once.
/// </summary>
[DisallowConcurrentExecution]
public sealed class FingerprintJob(FingerprintService fingerprints, IOptions<FingerprintOptions> options, JobRunRecorder runs, HubTraffic traffic, ILogger<FingerprintJob> logger)
    : RecordedJob(runs, traffic, logger)
{
    protected override JobDefinition Definition => HubWatchJobs.Fingerprint;

    protected override async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var result = await fingerprints.RunAsync(ct);
        var more = result.Stored + result.Deferred >= options.Value.PerRun;
        return new JobOutcome(result.Sampled, result.Copies, result.Failed + result.Deferred,
            $"{result.Sampled} sampled, {result.Copies} same bytes as another, {result.Unsupported} without readable weights, {result.Failed} failed (files refused), " +
            $"{result.Deferred} left for later ({result.Parked} parked); {result.BytesRead:N0} bytes in {result.Requests} requests")
        {
            // a full quota: more models wait, fingerprint them first; else judge what is new
            Then = more ? [HubWatchJobs.Fingerprint.Key] : result.Stored > 0 ? [HubWatchJobs.Classify.Key] : [],
        };
    }
}
