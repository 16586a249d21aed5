using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Exports;

internal static class ExportsRegistration
{
    public static IServiceCollection AddExports(this IServiceCollection services) => services.AddTransient<ModelExports>();
}
