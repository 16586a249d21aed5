using HubWatch.Domain.Time;

namespace HubWatch.Domain.Tests.Time;

public sealed class YearMonthTests
{
    [Theory]
    [InlineData("2024-01", 2024, 1)]
    [InlineData("1999-12", 1999, 12)]
    public void Parses_and_formats_YYYY_MM(string text, int year, int month)
    {
        var parsed = YearMonth.Parse(text);
        Assert.Equal(new YearMonth(year, month), parsed);
        Assert.Equal(text, parsed.ToString());
    }

    [Theory]
    [InlineData("2024-13")]
    [InlineData("2024-1")]
    [InlineData("24-01")]
    [InlineData("2024/01")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_anything_but_YYYY_MM(string? text) => Assert.False(YearMonth.TryParse(text, out _));

    [Fact]
    public void Through_includes_both_ends_and_crosses_years()
    {
        var months = new YearMonth(2023, 11).Through(new YearMonth(2024, 2)).Select(m => m.ToString());
        Assert.Equal(["2023-11", "2023-12", "2024-01", "2024-02"], months);
        Assert.Empty(new YearMonth(2024, 2).Through(new YearMonth(2024, 1)));
    }

    [Fact]
    public void Next_and_previous_wrap_at_year_ends()
    {
        Assert.Equal(new YearMonth(2025, 1), new YearMonth(2024, 12).Next());
        Assert.Equal(new YearMonth(2024, 12), new YearMonth(2025, 1).Previous());
    }

    [Fact]
    public void Month_of_an_instant_is_taken_in_UTC()
    {
        // 2024-02-01 00:30 in UTC+2 is still January in UTC.
        var instant = new DateTimeOffset(2024, 2, 1, 0, 30, 0, TimeSpan.FromHours(2));
        Assert.Equal(new YearMonth(2024, 1), YearMonth.Of(instant));
    }

    [Fact]
    public void Orders_chronologically()
    {
        Assert.True(new YearMonth(2023, 12) < new YearMonth(2024, 1));
        Assert.True(new YearMonth(2024, 2) > new YearMonth(2024, 1));
    }
}
