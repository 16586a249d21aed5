using HubWatch.Provenance.Classification;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Classification;

internal static class ClassificationRegistration
{
    public static IServiceCollection AddClassification(this IServiceCollection services) => services
        .AddTransient<ProvenanceClassifier>()
        .AddTransient<ClassificationService>();
}
