using Quartz;

namespace HubWatch.Application.Scheduling;

/// <summary>One scheduled job: its name (Quartz key, JobRuns rows, <c>Jobs:&lt;Name&gt;</c> settings), class, words and default interval.</summary>
public sealed record JobDefinition(string Name, Type Type, string Description, TimeSpan DefaultInterval)
{
    public const string Group = "hubwatch";

    public JobKey Key { get; } = new(Name, Group);

    /// <summary>Where its schedule is configured.</summary>
    public string Section => $"{JobScheduleOptions.Section}:{Name}";
}
