using HubWatch.Web.Components.Charts;

namespace HubWatch.Web.Tests.Components;

public sealed class ChartScaleTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(9, 2)]
    [InlineData(23, 5)]
    [InlineData(48, 10)]
    [InlineData(35_000, 10_000)]
    [InlineData(120, 50)]
    public void Steps_are_1_2_5_times_a_power_of_ten(double max, int step) => Assert.Equal(step, ChartScale.NiceStep(max));
}
