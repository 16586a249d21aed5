namespace HubWatch.Domain.Time;

/// <summary>
/// A range of months as the address bar and the API take it: <c>from</c> and <c>to</c>, each an optional
/// <c>YYYY-MM</c>, from not after to. One parser for the Trends page, <c>/api/trends</c> and the chart downloads.
/// </summary>
public readonly record struct MonthRange(YearMonth? From, YearMonth? To)
{
    /// <param name="error">What is wrong, in a sentence; null when the range is usable.</param>
    public static bool TryParse(string? from, string? to, out MonthRange range, out string? error)
    {
        range = default;
        if (!TryParseMonth(from, out var first) || !TryParseMonth(to, out var last))
        {
            error = "from and to must be months in the form YYYY-MM.";
            return false;
        }
        if (first is { } start && last is { } end && start > end)
        {
            error = Reversed(start, end);
            return false;
        }
        (range, error) = (new MonthRange(first, last), null);
        return true;
    }

    /// <summary>The one sentence for a range that starts after it ends, wherever it is caught.</summary>
    public static string Reversed(YearMonth first, YearMonth last) => $"from ({first}) is after to ({last}): the range starts after it ends.";

    private static bool TryParseMonth(string? text, out YearMonth? month)
    {
        month = null;
        if (string.IsNullOrEmpty(text))
            return true;
        if (!YearMonth.TryParse(text, out var parsed))
            return false;
        month = parsed;
        return true;
    }
}
