using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace HubWatch.Application.Scheduling;

/// <summary>Intervals as admins type and read them: "90m", "2h", "1d12h", or a TimeSpan such as "00:30:00".</summary>
public static partial class JobInterval
{
    public static readonly TimeSpan Minimum = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromDays(7);

    public static bool TryParse(string? text, out TimeSpan interval)
    {
        interval = default;
        text = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(text))
            return false;
        if (text.Contains(':', StringComparison.Ordinal))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out interval);
        var match = Units().Match(text);
        if (!match.Success)
            return false;
        foreach (var (group, unit) in new[] { ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)) })
        {
            if (match.Groups[group].Success)
                interval += unit * int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        }
        return true;
    }

    /// <summary>Null when an admin may set <paramref name="interval"/>, else why not.</summary>
    public static string? Validate(TimeSpan interval) =>
        interval < Minimum || interval > Maximum
            ? $"The interval must be between {Format(Minimum)} and {Format(Maximum)}, not {Format(interval)}."
            : null;

    public static string Format(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
            return interval == TimeSpan.Zero ? "0s" : "-" + Format(interval.Negate());
        var text = new StringBuilder();
        foreach (var (value, unit) in new[] { ((int)interval.TotalDays, "d"), (interval.Hours, "h"), (interval.Minutes, "m"), (interval.Seconds, "s") })
        {
            if (value > 0)
                text.Append(CultureInfo.InvariantCulture, $"{value}{unit}");
        }
        return text.Length > 0 ? text.ToString() : $"{interval.TotalMilliseconds:0}ms";
    }

    [GeneratedRegex(@"^(?:(?<d>\d{1,4})d)?(?:(?<h>\d{1,5})h)?(?:(?<m>\d{1,6})m)?(?:(?<s>\d{1,7})s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Units();
}
