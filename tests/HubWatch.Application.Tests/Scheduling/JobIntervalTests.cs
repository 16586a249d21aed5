using HubWatch.Application.Scheduling;

namespace HubWatch.Application.Tests.Scheduling;

public sealed class JobIntervalTests
{
    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData(" 2H ", 2 * 3600)]
    [InlineData("1d12h", 36 * 3600)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("90s", 90)]
    [InlineData("00:30:00", 30 * 60)]
    [InlineData("1.00:00:00", 24 * 3600)]
    public void Reads_what_admins_type(string text, int seconds)
    {
        Assert.True(JobInterval.TryParse(text, out var interval));
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("2h1d")]
    [InlineData("-5m")]
    public void Refuses_anything_else(string? text) => Assert.False(JobInterval.TryParse(text, out _));

    [Theory]
    [InlineData(5 * 60, "5m")]
    [InlineData(3600, "1h")]
    [InlineData(36 * 3600 + 60, "1d12h1m")]
    [InlineData(7 * 24 * 3600, "7d")]
    [InlineData(30, "30s")]
    public void Writes_intervals_the_way_it_reads_them(int seconds, string text)
    {
        Assert.Equal(text, JobInterval.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(JobInterval.TryParse(text, out var back));
        Assert.Equal(TimeSpan.FromSeconds(seconds), back);
    }

    [Theory]
    [InlineData(60, true)]
    [InlineData(59, false)]
    [InlineData(7 * 24 * 3600, true)]
    [InlineData(7 * 24 * 3600 + 1, false)]
    public void Admins_may_set_one_minute_to_seven_days(int seconds, bool allowed) =>
        Assert.Equal(allowed, JobInterval.Validate(TimeSpan.FromSeconds(seconds)) is null);
}
