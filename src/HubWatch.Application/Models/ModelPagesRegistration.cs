using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Models;

internal static class ModelPagesRegistration
{
    /// <summary>What the models table, the model page and the flags page read.</summary>
    public static IServiceCollection AddModelPages(this IServiceCollection services) => services
        .AddTransient<ModelQueries>()
        .AddSingleton<FacetCache>()
        .AddTransient<ModelDetails>()
        .AddTransient<LayerSimilarity>()
        .AddTransient<FlaggedModels>();
}
