using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Faults;

internal static class FaultsRegistration
{
    public static IServiceCollection AddFaults(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QuarantineOptions>().Bind(configuration.GetSection(QuarantineOptions.Section)).ValidateOnStart();
        return services.AddSingleton<IValidateOptions<QuarantineOptions>, QuarantineOptionsValidator>().AddSingleton<ModelFaults>();
    }
}
