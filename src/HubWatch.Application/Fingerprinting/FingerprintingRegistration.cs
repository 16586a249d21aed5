using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HubWatch.Application.Fingerprinting;

internal static class FingerprintingRegistration
{
    public static IServiceCollection AddFingerprinting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FingerprintOptions>().Bind(configuration.GetSection(FingerprintOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FingerprintOptions>, FingerprintOptionsValidator>();
        return services.AddSingleton<FingerprintsInFlight>().AddTransient<HubWeightFiles>().AddTransient<FingerprintService>();
    }
}
