using HubWatch.Application.Trends;

namespace HubWatch.Web.Api;

/// <summary>
/// Chart downloads and the trend JSON kept as sent, per range and revision of the figures (<see cref="FiguresCache"/>):
/// a PNG is drawn once per change of the figures, not once per visitor.
/// </summary>
internal static class FiguresOutputCache
{
    public const string Policy = "figures";

    public static IServiceCollection AddFiguresOutputCache(this IServiceCollection services) => services.AddOutputCache(cache =>
    {
        cache.SizeLimit = 256L << 20; // 256 MiB of answers at most
        cache.AddPolicy(Policy, answer => answer
            .SetVaryByQuery("from", "to")
            .VaryByValue(async (http, ct) => new("figures", await http.RequestServices.GetRequiredService<FiguresCache>().RevisionAsync(ct)))
            .Expire(TimeSpan.FromHours(1)));
    });
}
