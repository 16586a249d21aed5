using Microsoft.Extensions.Options;

namespace HubWatch.Application.Scheduling;

/// <summary>The schedule of one job (named options, one per <see cref="JobDefinition.Name"/>), from <c>Jobs:&lt;Name&gt;</c>.</summary>
public sealed class JobScheduleOptions
{
    public const string Section = "Jobs";

    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    public bool Enabled { get; set; } = true;

    /// <summary>Time between runs (the job's <see cref="JobDefinition.DefaultInterval"/> unless configured). The first run is at start-up.</summary>
    public TimeSpan Interval { get; set; }
}

internal sealed class JobScheduleOptionsValidator : IValidateOptions<JobScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, JobScheduleOptions options) =>
        options.Interval < JobScheduleOptions.MinimumInterval
            ? ValidateOptionsResult.Fail($"{JobScheduleOptions.Section}:{name}:Interval must be at least {JobScheduleOptions.MinimumInterval:c}, not {options.Interval:c}.")
            : ValidateOptionsResult.Success;
}
