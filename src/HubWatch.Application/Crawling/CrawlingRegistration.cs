using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Crawling;

internal static class CrawlingRegistration
{
    public static IServiceCollection AddCrawling(this IServiceCollection services) => services
        .AddTransient<CrawlService>()
        .AddTransient<RefreshService>()
        .AddTransient<CardReader>();
}
