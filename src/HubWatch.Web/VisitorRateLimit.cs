using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace HubWatch.Web;

/// <summary>
/// Requests per visitor (by address: behind a proxy, the one <see cref="ReverseProxy"/> believes) per minute on the
/// pages and the API, so one client cannot tire the dashboard for everyone. Over the limit: 429 with
/// <c>Retry-After</c>. Static files and <c>/healthz</c> are not counted. <c>Dashboard:RequestsPerMinute</c>, 0 turns it off.
/// </summary>
internal static class VisitorRateLimit
{
    public const string Policy = "per-visitor";
    public const string Setting = "Dashboard:RequestsPerMinute";
    public const int DefaultPerMinute = 600;

    public static IServiceCollection AddVisitorRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue(Setting, DefaultPerMinute);
        if (perMinute < 0)
            throw new InvalidOperationException($"{Setting} must be 0 (no limit) or more, not {perMinute}.");
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (rejected, ct) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.Response.WriteAsync($"Too many requests from your address: at most {perMinute} a minute. Try again in {seconds} s.", ct);
            };
            limiter.AddPolicy(Policy, http => perMinute == 0
                ? RateLimitPartition.GetNoLimiter("everyone")
                : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0, // answer at once: a queued request holds a connection the dashboard needs for others
                }));
        });
    }
}
