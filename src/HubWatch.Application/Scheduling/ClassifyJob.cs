using HubWatch.Application.Classification;
using HubWatch.Hub.Http;
using Microsoft.Extensions.Logging;
using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>Re-judges the models after new fingerprints (<see cref="ClassificationService"/>); also on its own schedule.</summary>
[DisallowConcurrentExecution]
public sealed class ClassifyJob(ClassificationService classification, JobRunRecorder runs, HubTraffic traffic, ILogger<ClassifyJob> logger) : RecordedJob(runs, traffic, logger)
{
    protected override JobDefinition Definition => HubWatchJobs.Classify;

    protected override async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var result = await classification.RunAsync(ct);
        return new JobOutcome(0, result.Changed, 0, $"{result.Models} models judged in {result.Seconds:F1} s, {result.Changed} new verdict versions, {result.Flagged} flagged");
    }
}
