using HubWatch.Data.Entities;
using HubWatch.Hub.Http;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>What a run did, as the jobs page shows it, and the jobs to run after it (a crawl feeds the fingerprints).</summary>
public sealed record JobOutcome(int New, int Updated, int Failed, string? Detail = null)
{
    public IReadOnlyList<JobKey> Then { get; init; } = [];
}

/// <summary>
/// A scheduled job as a thin adapter: it records the run (start, outcome or error) around the one service call
/// it makes, and never throws into Quartz — the next trigger is the retry.
/// </summary>
public abstract class RecordedJob(JobRunRecorder runs, HubTraffic traffic, ILogger logger) : IJob
{
    /// <summary>The job's entry in <see cref="HubWatchJobs"/>.</summary>
    protected abstract JobDefinition Definition { get; }

    private string Name => Definition.Name;

    protected abstract Task<JobOutcome> RunAsync(CancellationToken ct);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var runId = await runs.StartAsync(Name, cancellationToken);
        var before = traffic.Snapshot();
        IReadOnlyList<JobKey> next = [];
        try
        {
            var outcome = await RunAsync(cancellationToken);
            // what went over the wire, retries included (jobs run one at a time, so the difference is this run's)
            var sent = traffic.Snapshot() - before;
            await runs.FinishAsync(runId, run =>
            {
                run.Status = RunStatus.Succeeded;
                (run.ItemsNew, run.ItemsUpdated, run.ItemsFailed, run.Requests, run.Bytes, run.Detail) =
                    (outcome.New, outcome.Updated, outcome.Failed, (int)sent.Requests, sent.BytesReceived, outcome.Detail);
            });
            logger.LogInformation("{Job}: {New} new, {Updated} updated, {Failed} failed in {Requests} requests{Detail}",
                Name, outcome.New, outcome.Updated, outcome.Failed, sent.Requests, outcome.Detail is null ? "" : "; " + outcome.Detail);
            next = outcome.Then;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // shutdown (or an admin's interrupt): what the run committed stays, the next run takes up the rest
            var sent = traffic.Snapshot() - before;
            await runs.FinishAsync(runId, run => (run.Status, run.Error, run.Requests, run.Bytes) =
                (RunStatus.Interrupted, "Stopped: HubWatch shut down before the run ended; the next run takes up the rest.", (int)sent.Requests, sent.BytesReceived));
            logger.LogInformation("{Job} stopped: HubWatch is shutting down", Name);
            return;
        }
        catch (Exception e)
        {
            var sent = traffic.Snapshot() - before;
            await runs.FinishAsync(runId, run => (run.Status, run.Error, run.Requests, run.Bytes) = (RunStatus.Failed, e.Message, (int)sent.Requests, sent.BytesReceived));
            logger.LogError(e, "{Job} failed", Name);
        }
        await TriggerAsync(context, next, cancellationToken);
    }

    /// <summary>Starts the jobs this run feeds; a job already running gets the trigger when it finishes (none runs twice at once).</summary>
    private async Task TriggerAsync(IJobExecutionContext? context, IReadOnlyList<JobKey> jobs, CancellationToken ct)
    {
        if (context?.Scheduler is not { } scheduler)
            return; // run outside a scheduler (tests, tools)
        foreach (var job in jobs)
        {
            try
            {
                await scheduler.TriggerJob(job, ct);
            }
            catch (SchedulerException e)
            {
                logger.LogWarning("{Job} could not start {Next}: {Reason}; its own schedule will", Name, job.Name, e.Message);
            }
        }
    }
}
