using System.Globalization;
using System.Text.Json.Serialization;

namespace HubWatch.Domain.Time;

/// <summary>A calendar month in UTC, written <c>YYYY-MM</c> wherever it leaves the process.</summary>
[JsonConverter(typeof(YearMonthJsonConverter))]
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>
{
    public static YearMonth Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new YearMonth(utc.Year, utc.Month);
    }

    public static YearMonth Parse(string text) =>
        TryParse(text, out var month) ? month : throw new FormatException($"'{text}' is not a month in the form YYYY-MM.");

    public static bool TryParse(string? text, out YearMonth month)
    {
        month = default;
        if (!DateTime.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return false;
        month = new YearMonth(date.Year, date.Month);
        return true;
    }

    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    public YearMonth Next() => Month == 12 ? new YearMonth(Year + 1, 1) : new YearMonth(Year, Month + 1);

    public YearMonth Previous() => Month == 1 ? new YearMonth(Year - 1, 12) : new YearMonth(Year, Month - 1);

    /// <summary>Months from this one to <paramref name="last"/>, both included; empty when last comes first.</summary>
    public IEnumerable<YearMonth> Through(YearMonth last)
    {
        for (var month = this; month.CompareTo(last) <= 0; month = month.Next())
            yield return month;
    }

    public int CompareTo(YearMonth other) => (Year * 12 + Month).CompareTo(other.Year * 12 + other.Month);

    public static bool operator <(YearMonth left, YearMonth right) => left.CompareTo(right) < 0;
    public static bool operator >(YearMonth left, YearMonth right) => left.CompareTo(right) > 0;
    public static bool operator <=(YearMonth left, YearMonth right) => left.CompareTo(right) <= 0;
    public static bool operator >=(YearMonth left, YearMonth right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{Year:D4}-{Month:D2}";
}
