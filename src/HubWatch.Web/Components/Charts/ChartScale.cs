namespace HubWatch.Web.Components.Charts;

/// <summary>Axis steps a reader can count with: 1, 2 or 5 times a power of ten, about five ticks in all.</summary>
internal static class ChartScale
{
    public static int NiceStep(double max, int ticks = 5)
    {
        if (max <= ticks)
            return 1;
        var raw = max / ticks;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var mantissa = raw / power;
        var step = mantissa switch
        {
            <= 1 => 1,
            <= 2 => 2,
            <= 5 => 5,
            _ => 10,
        };
        return (int)(step * power);
    }
}
