using System.Globalization;
using System.Net.Http.Headers;

namespace HubWatch.Hub.Http;

/// <summary>Reads how long a hub asks to be left alone: <c>Retry-After</c> and the IETF <c>RateLimit</c> header.</summary>
public static class HubRateLimitHeaders
{
    /// <summary>
    /// <c>Retry-After</c> as delta-seconds or an HTTP date (RFC 9110 §10.2.3); a date in the past is zero. Null for a
    /// missing or malformed value (negative, fractional, words), which then says nothing rather than "now".
    /// </summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value) || !RetryConditionHeaderValue.TryParse(value.Trim(), out var parsed))
            return null;
        if (parsed.Delta is { } delta)
            return delta;
        if (parsed.Date is { } date)
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    /// <summary>
    /// The policies of a <c>RateLimit</c> header (<c>"api";r=0;t=141, "resolvers";r=10;t=141</c>). Items whose
    /// <c>r</c> and <c>t</c> both fail to parse are dropped; unknown parameters are ignored.
    /// </summary>
    public static IReadOnlyList<HubRateLimit> ParseRateLimit(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return [];
        var limits = new List<HubRateLimit>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(';', StringSplitOptions.TrimEntries);
            var policy = parts[0].Trim('"');
            long? remaining = null;
            TimeSpan? reset = null;
            foreach (var parameter in parts.Skip(1))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                    continue;
                var number = parameter[(equals + 1)..].Trim();
                switch (parameter[..equals].Trim())
                {
                    case "r" when long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var r):
                        remaining = r;
                        break;
                    // int seconds: 68 years is plenty and TimeSpan cannot overflow.
                    case "t" when int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var t):
                        reset = TimeSpan.FromSeconds(t);
                        break;
                }
            }
            if (policy.Length > 0 && (remaining is not null || reset is not null))
                limits.Add(new HubRateLimit(policy, remaining, reset));
        }
        return limits;
    }

    /// <summary>
    /// How long a 429 asks to wait: the longer of <c>Retry-After</c> and the reset of every spent <c>RateLimit</c>
    /// policy (the Hub sends both, equal; the longer is the safe reading when they differ). Null when neither says.
    /// </summary>
    public static TimeSpan? RequestedWait(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        // NonValidated: the typed Retry-After property drops values it cannot parse, and this must see the raw text.
        var headers = response.Headers.NonValidated;
        TimeSpan? wait = null;
        if (headers.TryGetValues("Retry-After", out var retryAfter))
            wait = ParseRetryAfter(retryAfter.FirstOrDefault(), now);
        if (headers.TryGetValues("RateLimit", out var rateLimits))
        {
            foreach (var limit in rateLimits.SelectMany(ParseRateLimit))
            {
                if (limit is { Remaining: null or 0, Reset: { } reset } && (wait is null || reset > wait))
                    wait = reset;
            }
        }
        return wait;
    }
}
