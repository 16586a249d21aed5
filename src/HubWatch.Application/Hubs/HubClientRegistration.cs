using System.Net.Http.Headers;
using HubWatch.Application.Fingerprinting;
using HubWatch.Hub;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Hubs;

internal static class HubClientRegistration
{
    private static readonly ProductInfoHeaderValue UserAgent = new("HubWatch", "0.1");

    /// <summary>The hub's API client and its weight-file client, both behind the polite, resilient handlers.</summary>
    public static IServiceCollection AddHubClient(this IServiceCollection services, IConfiguration configuration, HubSource source)
    {
        services.AddOptions<HubOptions>().Bind(configuration.GetSection(HubOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HubOptions>, HubOptionsValidator>();
        services.AddOptions<HubHttpOptions>().Bind(configuration.GetSection(HubHttpOptions.Section)).Configure(http =>
        {
            // The budget is politeness toward a shared hub; the embedded demo hub is this machine's own.
            if (source.IsDemo && configuration[$"{HubHttpOptions.Section}:Budget:Enabled"] is null)
                http.Budget.Enabled = false;
        }).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HubHttpOptions>, HubHttpOptionsValidator>();
        services.AddSingleton(source);
        services.TryAddSingleton(TimeProvider.System);
        // the token goes to the hub's own host only (the handler checks each request); never logged or stored
        services.AddSingleton(_ => source.Credential());
        services.TryAddSingleton(_ => new HubDestinations(() => source.BaseUri));
        services.AddHttpClient<HubClient>((provider, http) =>
        {
            http.BaseAddress = provider.GetRequiredService<HubSource>().BaseUri;
            http.DefaultRequestHeaders.UserAgent.Add(UserAgent);
        })
        // Sockets that go only where HubDestinations allows; redirects are followed by HubRedirectHandler, for files
        // only (an API redirect says a repository was renamed: HubClient reads it itself).
        .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<HubDestinations>().CreateHandler())
        .AddHubResilience();
        services.AddHttpClient(HubWeightFiles.ClientName, http => http.DefaultRequestHeaders.UserAgent.Add(UserAgent))
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<HubDestinations>().CreateHandler())
            .AddHubResilience();
        return services;
    }
}

internal sealed class HubHttpOptionsValidator : IValidateOptions<HubHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, HubHttpOptions options) =>
        options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
