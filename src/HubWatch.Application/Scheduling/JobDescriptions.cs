namespace HubWatch.Application.Scheduling;

/// <summary>What each job does, in one line for the jobs page.</summary>
public static class JobDescriptions
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.Ordinal)
    {
        [CrawlJob.JobName] = "Reads new models from the hub's newest-first listing.",
        [RefreshJob.JobName] = "Picks up edited, deleted and renamed models.",
        [FingerprintJob.JobName] = "Samples the weights of newly crawled models.",
        [ClassifyJob.JobName] = "Judges each model against earlier ones and flags contradicted cards.",
    };

    public static string Of(string job) => ByName.GetValueOrDefault(job, "");
}
