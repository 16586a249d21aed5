using HubWatch.Application.Crawling;
using HubWatch.Hub.Http;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>Reads new models from the hub (<see cref="CrawlService"/>).</summary>
[DisallowConcurrentExecution]
public sealed class CrawlJob(CrawlService crawl, JobRunRecorder runs, HubTraffic traffic, ILogger<CrawlJob> logger) : RecordedJob(runs, traffic, logger)
{
    protected override JobDefinition Definition => HubWatchJobs.Crawl;

    protected override async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var result = await crawl.RunAsync(ct);
        return new JobOutcome(result.New, result.Updated, result.Failed + result.CardsFailed,
            $"{result.CardsRead} cards read, {result.CardsFailed} failed" + (result.PassCompleted ? "" : "; pass not finished, the next run resumes"))
        {
            Then = result.New + result.Updated > 0 ? [HubWatchJobs.Fingerprint.Key] : [],
        };
    }
}
