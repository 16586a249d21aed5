using System.Xml.Linq;
using HubWatch.Application.Exports;
using HubWatch.Application.Trends;
using SkiaSharp;

namespace HubWatch.Web.Tests.Exports;

public sealed class ChartImageTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData("uploads")]
    [InlineData("detected-merges")]
    public void Png_is_a_1200_by_600_image(string name)
    {
        var png = ChartImage.Png(TrendChart.Find(name)!, TrendSamples.Long(synthetic: true));

        Assert.Equal(PngSignature, png[..8]);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((ChartImage.Width, ChartImage.Height), (bitmap.Width, bitmap.Height));
        // something is drawn: dark text in the title band, and the series (bars or a line, ScottPlot's first colour
        // #1f77b4) in the plot — a blank or an empty chart has neither
        Assert.True(Share(bitmap, 0, 60, p => Math.Max(p.Red, Math.Max(p.Green, p.Blue)) < 100) > 0.005, "no title text");
        Assert.True(Share(bitmap, 60, bitmap.Height, p => Math.Abs(p.Red - 0x1f) + Math.Abs(p.Green - 0x77) + Math.Abs(p.Blue - 0xb4) < 60) > 0.001, "no series drawn");
    }

    [Fact]
    public void Png_of_other_months_is_another_image()
    {
        var chart = TrendChart.Find("uploads")!;
        Assert.NotEqual(ChartImage.Png(chart, TrendSamples.Long(synthetic: false)), ChartImage.Png(chart, TrendSamples.Small()));
    }

    /// <summary>The share of pixels in rows [<paramref name="top"/>, <paramref name="bottom"/>) that <paramref name="match"/>.</summary>
    private static double Share(SKBitmap bitmap, int top, int bottom, Func<SKColor, bool> match)
    {
        var count = 0;
        for (var y = top; y < bottom; y++)
            for (var x = 0; x < bitmap.Width; x++)
                count += match(bitmap.GetPixel(x, y)) ? 1 : 0;
        return (double)count / ((bottom - top) * bitmap.Width);
    }

    [Fact]
    public void Svg_carries_title_subtitle_source_sample_size_and_the_synthetic_label()
    {
        var text = SvgText(ChartImage.Svg(TrendChart.Find("detected-merges")!, TrendSamples.Small(synthetic: true, hub: "Demo hub")));

        Assert.Contains("Detected merges", text);
        Assert.Contains(text, t => t.StartsWith("Weights explained as a merge", StringComparison.Ordinal));
        Assert.Contains("2024-01 to 2024-03 · before 2022-03 (undated, not plotted): 2 of 5 (40 %)", text);
        Assert.Contains("HubWatch · Demo hub · data to 2024-03-20 · synthetic demo scenario", text);
        Assert.Contains("n = 7 in the denominator · 4 of 7 (57.1 %) overall", text);
        Assert.Contains("synthetic demo scenario", text); // also on the plot itself, not only in the footer
    }

    [Fact]
    public void Only_the_demo_hub_is_labelled_synthetic()
    {
        var text = SvgText(ChartImage.Svg(TrendChart.Find("uploads")!, TrendSamples.Small()));

        Assert.Contains("HubWatch · Test hub · data to 2024-03-20", text);
        Assert.DoesNotContain(text, t => t.Contains("synthetic", StringComparison.Ordinal));
    }

    [Fact]
    public void Month_labels_are_thinned_to_calendar_quarters_over_forty_months()
    {
        var text = SvgText(ChartImage.Svg(TrendChart.Find("uploads")!, TrendSamples.Long(synthetic: false)));
        var months = text.Where(t => t.Length == 7 && t[4] == '-').ToList();

        Assert.Equal(["2022-04", "2022-07", "2022-10", "2023-01"], months[..4]);
        Assert.Equal(13, months.Count);
    }

    [Fact]
    public void Hub_names_with_markup_characters_still_give_valid_svg()
    {
        var text = SvgText(ChartImage.Svg(TrendChart.Find("uploads")!, TrendSamples.Small(hub: "A & B <hub>")));
        Assert.Contains("HubWatch · A & B <hub> · data to 2024-03-20", text);
    }

    /// <summary>Parses the SVG as XML and returns the text of each text element.</summary>
    internal static List<string> SvgText(string svg)
    {
        var document = XDocument.Parse(svg);
        Assert.Equal("svg", document.Root!.Name.LocalName);
        return [.. document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim())];
    }
}
