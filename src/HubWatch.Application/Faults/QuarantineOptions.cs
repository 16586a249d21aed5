using Microsoft.Extensions.Options;

namespace HubWatch.Application.Faults;

/// <summary>When a model that keeps failing one step is parked instead of being tried again.</summary>
public sealed class QuarantineOptions
{
    public const string Section = "Quarantine";

    /// <summary>Failures of one step at one commit, in a row, after which the model is parked.</summary>
    public int After { get; set; } = 3;
}

internal sealed class QuarantineOptionsValidator : IValidateOptions<QuarantineOptions>
{
    public ValidateOptionsResult Validate(string? name, QuarantineOptions options) =>
        options.After is < 1 or > 1000
            ? ValidateOptionsResult.Fail($"{QuarantineOptions.Section}:After must be between 1 and 1000, not {options.After}.")
            : ValidateOptionsResult.Success;
}
