using HubWatch.Application.Overview;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Trends;

internal static class TrendsRegistration
{
    public static IServiceCollection AddTrends(this IServiceCollection services) => services
        .AddTransient<MonthlyAggregates>()
        .AddSingleton<FiguresCache>()
        .AddTransient<TrendsService>()
        .AddTransient<OverviewService>();
}
