using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HubWatch.DemoHub.Hosting;

public static class DemoHubServiceCollectionExtensions
{
    /// <summary>
    /// Serves the demo hub in-process whenever the <see cref="HubWatch.Hub.HubSource"/> is the demo one (no
    /// <c>Hub:BaseUrl</c>): generated under <c>Hub:Demo:Folder</c> at first start, before any job runs. Register it
    /// after the database migrator and before the scheduler (hosted services start in order).
    /// </summary>
    /// <param name="contentRoot">What a relative <c>Hub:Demo:Folder</c> is resolved against.</param>
    public static IServiceCollection AddEmbeddedDemoHub(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<DemoHubOptions>().Bind(configuration.GetSection(DemoHubOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoHubOptions>, DemoHubOptionsValidator>();
        services.AddSingleton(new EmbeddedDemoHubFolder(contentRoot));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<EmbeddedDemoHub>();
        return services;
    }
}
