namespace HubWatch.Application.Scheduling;

/// <summary>The schedule of one job, from its section <c>Jobs:&lt;Name&gt;</c>.</summary>
public sealed class JobScheduleOptions
{
    public const string Section = "Jobs";

    public bool Enabled { get; set; } = true;

    /// <summary>Time between runs. The first run is at start-up.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    internal IEnumerable<string> Validate(string job)
    {
        if (Interval < MinimumInterval)
            yield return $"Jobs:{job}:Interval must be at least {MinimumInterval:c}, not {Interval:c}.";
    }
}
