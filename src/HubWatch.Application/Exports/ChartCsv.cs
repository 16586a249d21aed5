using System.Globalization;
using System.Text;
using HubWatch.Application.Trends;

namespace HubWatch.Application.Exports;

/// <summary>
/// The figures behind a chart as RFC 4180 CSV (comma, CRLF, invariant numbers, no comment lines): the undated
/// before-2022-03 row first, then every month of the range.
/// </summary>
public static class ChartCsv
{
    private const string Newline = "\r\n";

    /// <summary>
    /// <c>month,&lt;counted&gt;</c> for counts; <c>month,&lt;counted&gt;,&lt;denominator&gt;,share_percent</c> for shares,
    /// the share rounded to two decimals and empty where the denominator is 0.
    /// </summary>
    public static string For(TrendChart chart, TrendSeries series)
    {
        var counted = TrendColumns.NameOf(chart.Numerator, chart.Name.Replace('-', '_'));
        var header = chart.Base is null ? [counted] : new[] { counted, TrendColumns.NameOf(chart.Base, "denominator"), "share_percent" };
        return Write(header, Rows(series), row => chart.Base is null
            ? [Number(chart.Numerator(row))]
            : [Number(chart.Numerator(row)), Number(chart.Base(row)), Share(chart.Value(row))]);
    }

    /// <summary>Every <see cref="TrendRow"/> column, for those who want all series in one file.</summary>
    public static string AllSeries(TrendSeries series) =>
        Write(TrendColumns.All.Select(c => c.Name).ToArray(), Rows(series), row => TrendColumns.All.Select(c => Number(c.Read(row))).ToArray());

    private static IEnumerable<TrendRow> Rows(TrendSeries series) => series.Months.Prepend(series.BeforeTracking);

    private static string Write(string[] header, IEnumerable<TrendRow> rows, Func<TrendRow, string[]> cells)
    {
        var csv = new StringBuilder();
        csv.Append("month,").AppendJoin(',', header).Append(Newline);
        foreach (var row in rows)
            csv.Append(Field(row.Month)).Append(',').AppendJoin(',', cells(row)).Append(Newline);
        return csv.ToString();
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Share(double? percent) => percent is { } p ? Math.Round(p, 2).ToString("0.##", CultureInfo.InvariantCulture) : "";

    /// <summary>Quotes a field holding a comma, quote or line break, doubling its quotes (RFC 4180 §2.6–2.7).</summary>
    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
