using Microsoft.Extensions.Options;

namespace HubWatch.Web.Admin;

/// <summary>The admin secret as configured (section <c>Admin</c>, or <c>HUBWATCH_ADMIN_SECRET</c>); unset: generated at the first start.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public string? Secret { get; set; }

    /// <summary><see cref="AdminSecret.EnvironmentVariable"/>, which wins over <see cref="Secret"/>; not bound from configuration.</summary>
    internal string? FromEnvironment { get; set; }
}

internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var (secret, key) = !string.IsNullOrWhiteSpace(options.FromEnvironment)
            ? (options.FromEnvironment, AdminSecret.EnvironmentVariable)
            : (options.Secret, AdminSecret.ConfigurationKey);
        return string.IsNullOrWhiteSpace(secret) || secret.Trim().Length >= AdminSecret.MinimumLength
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{key} must be at least {AdminSecret.MinimumLength} characters; unset it (and {AdminSecret.ConfigurationKey}) to have one generated.");
    }
}
