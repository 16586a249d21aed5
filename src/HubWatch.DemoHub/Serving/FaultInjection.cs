using System.Globalization;
using HubWatch.DemoHub.Weights;
using Microsoft.AspNetCore.Http;

namespace HubWatch.DemoHub.Serving;

/// <summary>Applies <see cref="DemoHubFaults"/> to API requests: delays, 429 windows, 5xx, truncated bodies.</summary>
internal sealed class FaultInjection(DemoHubFaults faults, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private long _requests;
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _windowCount;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (faults.Delay > TimeSpan.Zero)
            await Task.Delay(faults.Delay, clock, context.RequestAborted);
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var number = Interlocked.Increment(ref _requests);
        if (RateLimited(out var retryAfter))
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            var seconds = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.RetryAfter = seconds;
            context.Response.Headers["RateLimit"] = $"\"api\";r=0;t={seconds}";
            context.Response.Headers["RateLimit-Policy"] = $"\"fixed window\";\"api\";q={faults.RateLimit};w={(int)faults.RateLimitWindow.TotalSeconds}";
            await context.Response.WriteAsJsonAsync(new { error = "You have exceeded the rate limit for API requests." }, context.RequestAborted);
            return;
        }
        if (ServerError(number) is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(status == 502 ? "<html><body>502 Bad Gateway</body></html>" : "{\"error\":\"Internal Error\"}", context.RequestAborted);
            return;
        }
        if (faults.TruncateRate > 0 && CounterRandom.Uniform(0x7275_6E63, number) < faults.TruncateRate)
        {
            await TruncatedAsync(context, next);
            return;
        }
        await next(context);
    }

    private bool RateLimited(out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (faults.RateLimit <= 0)
            return false;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _windowStart >= faults.RateLimitWindow)
                (_windowStart, _windowCount) = (now, 0);
            retryAfter = _windowStart + faults.RateLimitWindow - now;
            return ++_windowCount > faults.RateLimit;
        }
    }

    private int? ServerError(long number)
    {
        lock (_gate)
        {
            if (faults.ServerErrorBurst > 0)
            {
                faults.ServerErrorBurst--;
                return StatusCodes.Status503ServiceUnavailable;
            }
        }
        if (faults.ServerErrorRate > 0 && CounterRandom.Uniform(0x3578, number) < faults.ServerErrorRate)
            return (int)(CounterRandom.Hash(0x3579, number) % 3) switch { 0 => 500, 1 => 502, _ => 503 };
        return null;
    }

    /// <summary>Sends the first half of the body, then ends the connection.</summary>
    private static async Task TruncatedAsync(HttpContext context, RequestDelegate next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        await next(context);
        context.Response.Body = original;
        var bytes = buffer.ToArray();
        context.Response.ContentLength = null;
        await original.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await original.FlushAsync(context.RequestAborted);
        context.Abort();
    }
}
