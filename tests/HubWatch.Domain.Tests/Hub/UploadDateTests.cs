using HubWatch.Domain.Hub;
using HubWatch.Domain.Time;

namespace HubWatch.Domain.Tests.Hub;

public sealed class UploadDateTests
{
    [Theory]
    [InlineData("2022-03-02T23:29:04.000Z")] // the documented placeholder
    [InlineData("2022-03-02T23:29:05.000Z")] // seen on many recorded models too
    [InlineData("2021-06-14T07:51:12.000Z")]
    public void Placeholder_stamps_are_before_tracking_and_in_no_month(string createdAt)
    {
        var instant = DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(UploadDate.IsBeforeTracking(instant));
        Assert.Null(UploadDate.MonthOf(instant));
    }

    [Fact]
    public void Real_stamps_count_in_their_month()
    {
        Assert.Equal(new YearMonth(2022, 3), UploadDate.MonthOf(new DateTimeOffset(2022, 3, 3, 8, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new YearMonth(2024, 7), UploadDate.MonthOf(new DateTimeOffset(2024, 7, 18, 8, 56, 0, TimeSpan.Zero)));
    }
}
