using HubWatch.Hub;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Hubs;

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
        if (options.VerifyPerRefresh < 0)
            errors.Add($"Hub:VerifyPerRefresh must be 0 or more, not {options.VerifyPerRefresh}.");
        if (options.MaxPagesPerRun < 1)
            errors.Add($"Hub:MaxPagesPerRun must be at least 1, not {options.MaxPagesPerRun}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
