using HubWatch.Kernels;
using HubWatch.Provenance.Classification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Classification;

internal static class ClassificationRegistration
{
    public static IServiceCollection AddClassification(this IServiceCollection services) => services
        .AddTransient(services => new ProvenanceClassifier(services.GetRequiredService<ISimilarityKernels>())
        {
            CopyCoverage = services.GetService<IConfiguration>()?.GetValue<double?>("Classification:CopyCoverage") is { } share and > 0 and <= 1 ? share : 0.9,
        })
        .AddTransient<PairReads>()
        .AddTransient<EscalatingClassification>()
        .AddTransient<ClassificationService>();
}
