using HubWatch.Application.Crawling;
using HubWatch.Data.Entities;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>Reads new models from the hub. A thin adapter: the work is <see cref="CrawlService"/>'s.</summary>
[DisallowConcurrentExecution]
public sealed class CrawlJob(CrawlService crawl, JobRunRecorder runs, ILogger<CrawlJob> logger) : IJob
{
    public const string Name = "Crawl";
    public static readonly JobKey Key = new(Name, "hubwatch");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var runId = await runs.StartAsync(Name, cancellationToken);
        try
        {
            var result = await crawl.RunAsync(cancellationToken);
            await runs.FinishAsync(runId, run =>
            {
                run.Status = RunStatus.Succeeded;
                (run.ItemsNew, run.ItemsUpdated, run.ItemsFailed, run.Requests) = (result.New, result.Updated, result.Failed, result.Requests);
            });
            logger.LogInformation("Crawl: {New} new, {Updated} updated, {Failed} failed in {Requests} requests", result.New, result.Updated, result.Failed, result.Requests);
        }
        catch (Exception e)
        {
            // Quartz practice: a job handles its own failure; the next trigger retries.
            await runs.FinishAsync(runId, run => (run.Status, run.Error) = (RunStatus.Failed, e.Message));
            logger.LogError(e, "Crawl failed");
        }
    }
}
