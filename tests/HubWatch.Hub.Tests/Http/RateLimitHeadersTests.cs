using System.Net;
using HubWatch.Hub.Http;

namespace HubWatch.Hub.Tests.Http;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("120", 120)]
    [InlineData(" 7 ", 7)]
    [InlineData("0", 0)]
    [InlineData("Thu, 01 Jan 2026 12:01:30 GMT", 90)] // IMF-fixdate
    [InlineData("Thursday, 01-Jan-26 12:01:30 GMT", 90)] // obsolete RFC 850 form, still legal to receive
    [InlineData("Thu Jan  1 12:01:30 2026", 90)] // asctime
    [InlineData("Thu, 01 Jan 2026 11:00:00 GMT", 0)] // already past: go now
    public void Retry_After_reads_seconds_and_HTTP_dates(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), HubRateLimitHeaders.ParseRetryAfter(value, Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("120 seconds")]
    [InlineData("99999999999")]
    [InlineData("2026-01-01T12:01:30Z")] // ISO 8601 is not an HTTP date
    public void Retry_After_garbage_says_nothing(string? value) => Assert.Null(HubRateLimitHeaders.ParseRetryAfter(value, Now));

    [Fact]
    public void RateLimit_reads_the_Hubs_form()
    {
        var limit = Assert.Single(HubRateLimitHeaders.ParseRateLimit("\"api\";r=0;t=141"));
        Assert.Equal(new HubRateLimit("api", 0, TimeSpan.FromSeconds(141)), limit);
    }

    [Fact]
    public void RateLimit_reads_several_policies_tokens_spaces_and_missing_parameters()
    {
        var limits = HubRateLimitHeaders.ParseRateLimit("\"api\";r=12;t=30 , resolvers ; t=5 ;r=0, \"pages\";r=3;w=300, \"x\";q=1");
        Assert.Equal(
            [new HubRateLimit("api", 12, TimeSpan.FromSeconds(30)), new HubRateLimit("resolvers", 0, TimeSpan.FromSeconds(5)), new HubRateLimit("pages", 3, null)],
            limits);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nonsense")]
    [InlineData("\"api\";r=x;t=y")]
    [InlineData("\"api\";r=-1;t=-5")]
    [InlineData(";r=0;t=5")]
    [InlineData("\"api\";t=99999999999")]
    public void RateLimit_garbage_yields_no_policy(string? value) => Assert.Empty(HubRateLimitHeaders.ParseRateLimit(value));

    [Fact]
    public void A_429_asks_for_the_longer_of_Retry_After_and_the_spent_policys_reset()
    {
        using var response = TooMany(("Retry-After", "30"), ("RateLimit", "\"api\";r=0;t=45, \"resolvers\";r=100;t=300"));
        Assert.Equal(TimeSpan.FromSeconds(45), HubRateLimitHeaders.RequestedWait(response, Now)); // resolvers still had room
    }

    [Fact]
    public void A_429_with_garbage_Retry_After_still_has_its_RateLimit()
    {
        using var response = TooMany(("Retry-After", "later"), ("RateLimit", "\"api\";r=0;t=12"));
        Assert.Equal(TimeSpan.FromSeconds(12), HubRateLimitHeaders.RequestedWait(response, Now));
    }

    [Fact]
    public void A_429_without_either_header_asks_for_nothing()
    {
        using var response = TooMany(("RateLimit", "\"api\";r=5;t=12"));
        Assert.Null(HubRateLimitHeaders.RequestedWait(response, Now));
    }

    private static HttpResponseMessage TooMany(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        foreach (var (name, value) in headers)
            response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }
}
