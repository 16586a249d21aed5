using HubWatch.Hub.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Hubs;

/// <summary>Plugs the polite, resilient handlers of HubWatch.Hub.Http into a typed hub client.</summary>
public static class HubResilienceRegistration
{
    /// <summary>
    /// Adds the handlers outermost first as <see cref="HubResilience.Layers"/> lists them, and one shared
    /// <see cref="HubResilience"/> whose <see cref="HubHealth"/>, <see cref="HubTraffic"/> and budget are singletons.
    /// </summary>
    /// <param name="configure">Adjusts the options after configuration has been bound (tests, tools).</param>
    public static IHttpClientBuilder AddHubResilience(this IHttpClientBuilder builder, Action<HubHttpOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<HubHttpOptions>();
        if (configure is not null)
            options.Configure(configure);
        builder.Services.TryAddSingleton(provider => new HubResilience(
            provider.GetRequiredService<IOptions<HubHttpOptions>>().Value,
            provider.GetService<HubCredential>(),
            provider.GetService<TimeProvider>(),
            destinations: provider.GetService<HubDestinations>()));
        builder.Services.TryAddSingleton(provider => provider.GetRequiredService<HubResilience>().Health);
        builder.Services.TryAddSingleton(provider => provider.GetRequiredService<HubResilience>().Traffic);
        builder.Services.TryAddSingleton<HubRequestLog>();
        builder.RemoveAllLoggers().AddLogger<HubRequestLog>(wrapHandlersPipeline: true); // logs no header: see HubRequestLog

        // Retry-After and budget waits last minutes by design, and each attempt has its own timeout:
        // HttpClient's overall timeout would cut those waits short.
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        foreach (var layer in HubResilience.Layers)
            builder.AddHttpMessageHandler(provider => layer(provider.GetRequiredService<HubResilience>()));
        return builder;
    }
}
