using HubWatch.Hub.Http;

namespace HubWatch.Hub.Tests.Http;

public sealed class BackoffTests
{
    private static readonly HubRetryOptions Defaults = new();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 32)]
    [InlineData(7, 60)] // 64 s capped
    [InlineData(1000, 60)] // no overflow far past the cap
    public void The_ceiling_doubles_per_retry_up_to_the_cap(int retry, int ceilingSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds), HubBackoff.Delay(retry, Defaults, jitter: 1));

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.25, 1)]
    [InlineData(0.5, 2)]
    [InlineData(0.999, 3.996)]
    public void Full_jitter_scales_the_whole_delay(double jitter, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), HubBackoff.Delay(3, Defaults, jitter));

    [Fact]
    public void Retries_count_from_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HubBackoff.Delay(0, Defaults, 0.5));
}
