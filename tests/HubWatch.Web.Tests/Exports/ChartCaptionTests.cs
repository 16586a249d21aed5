using HubWatch.Application.Exports;
using HubWatch.Application.Trends;

namespace HubWatch.Web.Tests.Exports;

public sealed class ChartCaptionTests
{
    [Fact]
    public void The_source_line_names_hub_and_cutoff_day()
    {
        Assert.Equal("HubWatch · Test hub · data to 2024-03-20", ChartCaption.SourceLine(TrendSamples.Small()));
    }

    [Fact]
    public void The_demo_hub_is_labelled_synthetic_and_a_missing_crawl_is_said()
    {
        var series = TrendSamples.Small(synthetic: true, hub: "Demo hub") with { Cutoff = null };
        Assert.Equal("HubWatch · Demo hub · no crawl yet · synthetic demo scenario", ChartCaption.SourceLine(series));
    }

    [Fact]
    public void A_count_states_its_total_and_the_undated_models()
    {
        var caption = ChartCaption.For(TrendChart.Find("uploads")!, TrendSamples.Small());

        Assert.Equal("Uploads per month", caption.Title);
        Assert.Equal("n = 19 models", caption.SampleSize);
        Assert.Equal("2024-01 to 2024-03 · before 2022-03 (undated, not plotted): 12", caption.Range);
    }

    [Fact]
    public void A_share_states_its_denominator_and_the_overall_share()
    {
        var caption = ChartCaption.For(TrendChart.Find("detected-merges")!, TrendSamples.Small());

        Assert.StartsWith("Weights explained as a merge of earlier models, as a share of models uploaded that month with a verdict", caption.Subtitle,
            StringComparison.Ordinal);
        Assert.Equal("n = 7 in the denominator · 4 of 7 (57.1 %) overall", caption.SampleSize);
        Assert.EndsWith("before 2022-03 (undated, not plotted): 2 of 5 (40 %)", caption.Range, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_of_four_is_75_percent()
    {
        Assert.Equal(75, TrendChart.Find("detected-merges")!.Value(TrendSamples.Small().Months[0]));
        Assert.Null(TrendChart.Find("detected-merges")!.Value(TrendSamples.Small().Months[1]));
    }
}
