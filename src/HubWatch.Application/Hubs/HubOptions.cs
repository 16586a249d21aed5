using Microsoft.Extensions.Options;

namespace HubWatch.Application.Hubs;

/// <summary>Which hub HubWatch watches (section <c>Hub</c>). The token never comes from a file: see <see cref="TokenVariable"/>.</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";
    public const string TokenVariable = "HF_TOKEN";

    /// <summary>Empty: the embedded demo hub. Otherwise a hub root such as <c>https://huggingface.co</c>.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>Models per list page (the Hub serves at most 1000).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Pages one crawl run reads at most; the next run resumes where it stopped.</summary>
    public int MaxPagesPerRun { get; set; } = 50;

    /// <summary>Cards (README, mergekit config, shard index) read per crawl run at most; the rest wait for the next.</summary>
    public int CardsPerRun { get; set; } = 5000;

    /// <summary>Stored models the refresh asks the hub about directly per run (deletions and renames show only so).</summary>
    public int VerifyPerRefresh { get; set; } = 100;

    /// <summary>The embedded demo hub, used when <see cref="BaseUrl"/> is empty.</summary>
    public DemoHubOptions Demo { get; set; } = new();
}

/// <summary>Where the embedded demo hub is generated (once, at first start) and how.</summary>
public sealed class DemoHubOptions
{
    /// <summary>Relative to the content root.</summary>
    public string Folder { get; set; } = "data/demo-hub";
    public ulong Seed { get; set; } = 42;

    /// <summary>Uploads in the scenario's first months (×7 by the end): 40 gives about 2,600 models.</summary>
    public int Scale { get; set; } = 40;
}

internal sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var errors = new List<string>();
        if (options.BaseUrl.Length > 0 &&
            (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            errors.Add($"Hub:BaseUrl must be empty (the embedded demo hub) or an http(s) URL such as https://huggingface.co, not '{options.BaseUrl}'.");
        if (options.PageSize is < 1 or > 1000)
            errors.Add($"Hub:PageSize must be between 1 and 1000, not {options.PageSize}.");
        if (options.Demo.Scale is < 1 or > 1000)
            errors.Add($"Hub:Demo:Scale must be between 1 and 1000, not {options.Demo.Scale}.");
        if (options.VerifyPerRefresh < 0)
            errors.Add($"Hub:VerifyPerRefresh must be 0 or more, not {options.VerifyPerRefresh}.");
        if (options.MaxPagesPerRun < 1)
            errors.Add($"Hub:MaxPagesPerRun must be at least 1, not {options.MaxPagesPerRun}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
