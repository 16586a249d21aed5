using HubWatch.DemoHub.Ecosystem;
using Microsoft.Extensions.Options;

namespace HubWatch.DemoHub.Hosting;

/// <summary>Where the embedded demo hub is generated (once, at first start) and how (section <c>Hub:Demo</c>).</summary>
public sealed class DemoHubOptions
{
    public const string Section = "Hub:Demo";

    /// <summary>Relative to the content root.</summary>
    public string Folder { get; set; } = "data/demo-hub";

    public ulong Seed { get; set; } = HubGenerator.DefaultSeed;

    /// <summary>Uploads in the scenario's first months (×7 by the end): 40 gives about 2,600 models.</summary>
    public int Scale { get; set; } = HubGenerator.DefaultScale;
}

internal sealed class DemoHubOptionsValidator : IValidateOptions<DemoHubOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoHubOptions options) =>
        options.Scale is < 1 or > 1000
            ? ValidateOptionsResult.Fail($"{DemoHubOptions.Section}:Scale must be between 1 and 1000, not {options.Scale}.")
            : string.IsNullOrWhiteSpace(options.Folder)
                ? ValidateOptionsResult.Fail($"{DemoHubOptions.Section}:Folder must name a folder.")
                : ValidateOptionsResult.Success;
}
