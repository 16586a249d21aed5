using System.Globalization;
using System.Text;

namespace HubWatch.Evaluation.Scoring;

/// <summary>The text form of an <see cref="EvaluationReport"/>: the confusion matrix, then each figure beside its target.</summary>
internal static class EvaluationTable
{
    public static string Render(EvaluationReport report)
    {
        var text = new StringBuilder();
        var c = report.Counts;
        Line(text, $"models scored {c.Models:N0} ({c.MissingVerdicts:N0} without a verdict, scored unknown; {c.ExtraVerdicts:N0} verdicts for models not in the truth)");
        text.AppendLine();
        Confusion(text, report.Confusion);
        text.AppendLine();

        Line(text, $"{"relation",-14}{"support",8}{"predicted",10}{"precision",10}{"recall",8}{"F1",8}");
        foreach (var r in report.PerRelation)
            Line(text, $"{r.Relation,-14}{r.Support,8:N0}{r.Predicted,10:N0}{r.Precision,10:F3}{r.Recall,8:F3}{r.F1,8:F3}");
        text.AppendLine();

        var targets = report.Targets.ToDictionary(t => t.Figure, StringComparer.Ordinal);
        var figures = new List<string[]> { new[] { "figure", "value", "target", "status", "detail" } };
        void Add(string figure, string value, string? checkedAs, string detail)
        {
            var check = checkedAs is not null && targets.TryGetValue(checkedAs, out var t) ? t : null;
            figures.Add([figure, value, check?.Target ?? "", check?.Status ?? "", detail]);
        }
        Add("macro-F1", $"{report.MacroF1:F3}", "macro-F1", "over the truth relations present");
        var f = report.FalseDerived;
        Add("false derived on independent", Percent(f.Rate), "false derived on independent", $"{f.PredictedDerived:N0} of {f.Independent:N0} independent models");
        var p = report.Parents;
        Add("top parent is a truth parent", Percent(p.TopParentRate), null, $"{p.TopParentCorrect:N0} of {p.Compared:N0} derived models predicted derived");
        Add("parent set exactly right", Percent(p.ExactSetRate), null, $"{p.ExactSet:N0} of {p.Compared:N0}");
        var m = report.Methods;
        Add("merge method", Percent(m.Rate), "merge method", $"{m.Correct:N0} of {m.Compared:N0} merges predicted merge ({m.TrueMerges:N0} true merges)");
        var overall = report.Coefficients.Overall;
        foreach (var e in report.Coefficients.Families.Prepend(overall))
        {
            Add(e == overall ? $"merge coefficients ±{CoefficientErrors.Tolerance}" : $"  {e.Method}", Percent(e.WithinTolerance),
                e == overall ? $"merge coefficients within ±{CoefficientErrors.Tolerance}" : null,
                $"mean error {Number(e.MeanError)}, max {Number(e.MaxError)}; {e.Compared:N0} compared of {e.Eligible:N0} right-family merges " +
                $"({e.SkippedGradients:N0} gradients skipped, {e.Unmatched:N0} unmatched; {e.TruthConstant:N0} constant in truth)");
        }
        foreach (var t in report.PerTransform)
        {
            Add($"recall {t.Transform}", Percent(t.Recall), $"recall {t.Transform}",
                $"{t.Correct:N0} of {t.Models:N0}" + (t.Detected is { } d ? $"; transform named in {d:N0} ({Percent(t.DetectedRate)})" : ""));
        }
        foreach (var k in report.PerCase)
        {
            Add($"case {k.Case}", Percent(k.Recall), $"recall case {k.Case}",
                $"{k.Correct:N0} of {k.Models:N0} ({k.Relation}); precision {Percent(k.Precision)}; called " + string.Join(", ", k.PredictedAs.Select(p => $"{p.Key} {p.Value:N0}")));
        }
        foreach (var format in report.PerFormat)
            Add($"recall {format.Relation} {format.Format}", Percent(format.Recall), $"recall {format.Relation} {format.Format}", $"{format.Correct:N0} of {format.Models:N0}");
        Columns(text, figures);
        Line(text, "  recall: right relation and a truth parent on top");
        text.AppendLine();

        Line(text, $"{"monthly series",-24}{"mean error",11}{"max error",11}   over {report.Monthly.Months.Count} months");
        foreach (var s in report.Monthly.Series)
            Line(text, $"{s.Series,-24}{Number(s.MeanAbsError),11}{Number(s.MaxAbsError),11}");

        if (report.StageSeconds is { Count: > 0 } stages)
        {
            text.AppendLine();
            Line(text, $"stages  {string.Join(", ", stages.Select(s => $"{s.Key} {s.Value:F1} s"))}");
        }
        return text.ToString().TrimEnd();
    }

    private static void Confusion(StringBuilder text, ConfusionMatrix matrix)
    {
        const string corner = "truth \\ predicted";
        var first = Math.Max(corner.Length, matrix.Truth.Select(t => t.Length).DefaultIfEmpty(0).Max()) + 2;
        var widths = matrix.Predicted.Select((p, j) => Math.Max(p.Length, matrix.Counts.Select(r => Digits(r[j])).DefaultIfEmpty(1).Max()) + 2).ToList();
        var totalWidth = Math.Max("total".Length, Digits(matrix.Total)) + 2;
        var header = new StringBuilder(corner.PadRight(first));
        for (var j = 0; j < matrix.Predicted.Count; j++)
            header.Append(matrix.Predicted[j].PadLeft(widths[j]));
        header.Append("total".PadLeft(totalWidth));
        text.AppendLine(header.ToString());
        for (var i = 0; i < matrix.Truth.Count; i++)
        {
            var row = new StringBuilder(matrix.Truth[i].PadRight(first));
            for (var j = 0; j < matrix.Predicted.Count; j++)
                row.Append(Count(matrix.Counts[i][j]).PadLeft(widths[j]));
            row.Append(Count(matrix.Counts[i].Sum()).PadLeft(totalWidth));
            text.AppendLine(row.ToString());
        }
        var totals = new StringBuilder("total".PadRight(first));
        for (var j = 0; j < matrix.Predicted.Count; j++)
            totals.Append(Count(matrix.Counts.Sum(r => r[j])).PadLeft(widths[j]));
        totals.Append(Count(matrix.Total).PadLeft(totalWidth));
        text.AppendLine(totals.ToString());
    }

    /// <summary>Left-aligned columns, the value column right-aligned.</summary>
    private static void Columns(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
            Line(text, string.Join("  ", row.Select((cell, i) => i == 1 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))));
    }

    private static void Line(StringBuilder text, string line) => text.AppendLine(line.TrimEnd());

    private static int Digits(int value) => Count(value).Length;

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double? share) => share is { } s ? (100 * s).ToString("F1", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Number(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "n/a";
}
