using HubWatch.Application.Exports;
using HubWatch.Application.Trends;

namespace HubWatch.Web.Tests.Exports;

public sealed class ChartCsvTests
{
    [Fact]
    public void A_count_chart_is_month_and_count_with_the_undated_row_first()
    {
        var csv = Parse(ChartCsv.For(TrendChart.Find("uploads")!, TrendSamples.Small()));

        Assert.Equal(
            [["month", "uploads"], ["before 2022-03", "12"], ["2024-01", "10"], ["2024-02", "2"], ["2024-03", "7"]],
            csv);
    }

    [Fact]
    public void A_share_chart_has_numerator_denominator_and_percent_empty_where_nothing_was_judged()
    {
        var csv = Parse(ChartCsv.For(TrendChart.Find("detected-merges")!, TrendSamples.Small()));

        Assert.Equal(
            [
                ["month", "detected_merges", "judged", "share_percent"],
                ["before 2022-03", "2", "5", "40"],
                ["2024-01", "3", "4", "75"],
                ["2024-02", "0", "0", ""],
                ["2024-03", "1", "3", "33.33"],
            ],
            csv);
    }

    [Fact]
    public void Every_chart_names_the_columns_it_reads_and_its_rows_match_the_series()
    {
        var series = TrendSamples.Long(synthetic: false);
        var known = TrendColumns.All.Select(c => c.Name).ToHashSet();
        foreach (var chart in TrendChart.All)
        {
            var csv = Parse(ChartCsv.For(chart, series));
            Assert.All(csv[0].Skip(1).Take(chart.IsShare ? 2 : 1), name => Assert.Contains(name, known));
            Assert.Equal(series.Months.Count + 2, csv.Count);
            foreach (var (row, line) in series.Months.Zip(csv.Skip(2)))
            {
                Assert.Equal(row.Month, line[0]);
                Assert.Equal(chart.Numerator(row), int.Parse(line[1], System.Globalization.CultureInfo.InvariantCulture));
                if (chart.Base is not null)
                    Assert.Equal(chart.Base(row), int.Parse(line[2], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void All_series_holds_every_column_of_every_row()
    {
        var series = TrendSamples.Small();
        var csv = Parse(ChartCsv.AllSeries(series));

        Assert.Equal(["month", .. TrendColumns.All.Select(c => c.Name)], csv[0]);
        Assert.Equal(["2024-03", "7", "0", "0", "0", "3", "1", "0", "0", "0", "1"], csv[4]);
        Assert.Equal("before 2022-03", csv[1][0]);
    }

    [Fact]
    public void Lines_end_in_crlf_as_rfc_4180_asks()
    {
        var text = ChartCsv.For(TrendChart.Find("uploads")!, TrendSamples.Small());
        Assert.StartsWith("month,uploads\r\nbefore 2022-03,12\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
    }

    /// <summary>None of these fields is quoted, so splitting on commas reads them exactly.</summary>
    internal static List<string[]> Parse(string csv) =>
        [.. csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(','))];
}
