using System.Globalization;
using HubWatch.Application.Trends;
using HubWatch.Domain.Time;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace HubWatch.Application.Exports;

/// <summary>
/// Draws one <see cref="TrendChart"/> over a <see cref="TrendSeries"/> with ScottPlot: bars for counts, a line with
/// markers for shares (0–100 %, months without a denominator left as gaps), and the <see cref="ChartCaption"/> printed
/// on the image so a downloaded chart keeps its source, sample size and, for the demo hub, its synthetic label.
/// </summary>
public static class ChartImage
{
    public const int Width = 1200;
    public const int Height = 600;

    /// <summary>At most this many month labels on the x axis; the others get minor ticks.</summary>
    private const int MaxMonthLabels = 16;

    private static readonly Color Ink = Color.FromHex("#1f77b4");

    // The default font resolves to DejaVu Serif on Debian, which lacks some glyphs; set before the first Plot exists.
    static ChartImage() => Fonts.Default = "DejaVu Sans";

    public static byte[] Png(TrendChart chart, TrendSeries series)
    {
        using var plot = Draw(chart, series);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static string Svg(TrendChart chart, TrendSeries series)
    {
        using var plot = Draw(chart, series);
        return plot.GetSvgXml(Width, Height);
    }

    private static Plot Draw(TrendChart chart, TrendSeries series)
    {
        var plot = new Plot();
        var caption = ChartCaption.For(chart, series);
        plot.Title(caption.Title, 22);
        var subtitle = new ScottPlot.Panels.TitlePanel();
        subtitle.Label.Text = $"{caption.Subtitle}\n{caption.Range}";
        subtitle.Label.FontSize = 14;
        subtitle.Label.Bold = false;
        plot.Axes.AddPanel(subtitle);
        // the bottom axis label is the footer: it sits under the month labels, inside the image
        plot.Axes.Bottom.Label.Text = $"{caption.Source}\n{caption.SampleSize}";
        plot.Axes.Bottom.Label.FontSize = 12;
        plot.Axes.Bottom.Label.Bold = false;
        if (series.Synthetic)
            plot.Add.Annotation(ChartCaption.SyntheticLabel, Alignment.UpperLeft);

        var values = series.Months.Select(chart.Value).ToList();
        if (chart.IsShare)
            DrawShares(plot, values);
        else
            DrawCounts(plot, values);
        plot.Axes.Bottom.TickGenerator = MonthTicks(series.From.Through(series.To).ToList());
        plot.Axes.SetLimitsX(-0.6, values.Count - 0.4);
        return plot;
    }

    private static void DrawCounts(Plot plot, List<double?> values)
    {
        plot.Add.Bars(values.Select((v, i) => new Bar { Position = i, Value = v ?? 0, Size = 0.8, FillColor = Ink, LineWidth = 0 }).ToArray());
        var top = Math.Max(1, values.Max(v => v ?? 0));
        plot.Axes.SetLimitsY(0, top * 1.08);
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => v.ToString("N0", CultureInfo.InvariantCulture),
        };
        plot.YLabel("models");
    }

    private static void DrawShares(Plot plot, List<double?> values)
    {
        // one line per run of months that have a denominator, so a month without one is a gap, not a zero
        var run = new List<int>();
        for (var i = 0; i <= values.Count; i++)
        {
            if (i < values.Count && values[i] is not null)
            {
                run.Add(i);
                continue;
            }
            if (run.Count > 1)
            {
                var line = plot.Add.ScatterLine(run.Select(x => (double)x).ToArray(), run.Select(x => values[x]!.Value).ToArray(), Ink);
                line.LineWidth = 2;
            }
            run.Clear();
        }
        var shown = Enumerable.Range(0, values.Count).Where(i => values[i] is not null).ToArray();
        var points = plot.Add.ScatterPoints(shown.Select(x => (double)x).ToArray(), shown.Select(x => values[x]!.Value).ToArray(), Ink);
        points.MarkerSize = 7;

        plot.Axes.SetLimitsY(0, 100);
        var ticks = new NumericManual();
        for (var percent = 0; percent <= 100; percent += 20)
            ticks.AddMajor(percent, $"{percent} %");
        plot.Axes.Left.TickGenerator = ticks;
        plot.YLabel("share (%)");
    }

    /// <summary>Labels every k-th month, k = 1, 2, 3, 6, 12 or 24, on calendar boundaries (Jan, Apr, Jul, Oct for k = 3).</summary>
    private static NumericManual MonthTicks(IReadOnlyList<YearMonth> months)
    {
        int[] steps = [1, 2, 3, 6, 12, 24];
        var step = steps.FirstOrDefault(k => months.Count <= MaxMonthLabels * k, steps[^1]);
        var ticks = new NumericManual();
        for (var i = 0; i < months.Count; i++)
        {
            if ((months[i].Month - 1) % step == 0)
                ticks.AddMajor(i, months[i].ToString());
            else
                ticks.AddMinor(i);
        }
        return ticks;
    }
}
