using HubWatch.DemoHub.Truth;
using HubWatch.Domain.Lineage;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Declarations;

namespace HubWatch.Evaluation.Scoring;

/// <summary>
/// Scores verdicts against a demo hub's truth: relations (confusion matrix, precision, recall, F1), parents, merge
/// methods and coefficients, transforms and the monthly series. A model of the truth without a verdict counts as
/// unknown; verdicts for models the truth does not know are ignored.
/// </summary>
public static class VerdictScoring
{
    public const double MacroF1Target = 0.95;
    public const double FalseDerivedTarget = 0.01;
    public const double MethodTarget = 0.90;
    public const double TransformRecallTarget = 0.95;
    public const double QuantizedFormatTarget = 0.95;
    public const int MaxMisjudged = 200;
    public const double QuantizedFinetuneFormatTarget = 0.90;
    public const double CaseRecallTarget = 0.95;

    /// <summary>What <see cref="FormatRecall.Relation"/> says of fine-tunes published only quantised.</summary>
    public const string QuantizedFinetune = "quantized finetune";

    /// <summary>The transforms truth.json uses, in report order.</summary>
    public static readonly IReadOnlyList<string> TruthTransforms =
    [
        Transforms.Noise, Transforms.Permuted, Transforms.Reordered, Transforms.Renamed, Transforms.Transposed, Transforms.Quantized,
        Transforms.LowRank, Transforms.ContinuedPretraining,
    ];

    /// <summary>Transforms a verdict can name (<see cref="Transforms"/>).</summary>
    private static readonly HashSet<string> VerdictTransforms = [.. Transforms.All];

    private static readonly string[] CoefficientFamilies = [MergeMethods.Linear, MergeMethods.Slerp, MergeMethods.TaskArithmetic];

    private sealed record Scored(ModelTruth Truth, Verdict? Verdict)
    {
        public string Predicted => Verdict?.Relation ?? Relations.Unknown;

        public string? TopParent => Verdict?.Parents.Count > 0 ? Verdict.Parents.MaxBy(p => p.Share)!.Id : null;

        public bool TopParentIsTruthParent => TopParent is { } top && Truth.Parents.Any(p => p.Id == top);
    }

    public static EvaluationReport Score(HubTruth truth, IReadOnlyList<Verdict> verdicts, IReadOnlyDictionary<string, DeclaredProvenance> declared)
    {
        var byId = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        foreach (var verdict in verdicts)
            byId.TryAdd(verdict.ModelId, verdict);
        var truthIds = truth.Models.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        var models = truth.Models.Select(m => new Scored(m, byId.GetValueOrDefault(m.Id))).ToList();
        var counts = new EvaluationCounts(models.Count, models.Count(m => m.Verdict is null), byId.Keys.Count(id => !truthIds.Contains(id)));

        var confusion = Confusion(models);
        var perRelation = confusion.Truth.Select(r => RelationScoreOf(confusion, r)).ToList();
        var present = perRelation.Where(r => r.Support > 0).ToList();
        var macroF1 = present.Count == 0 ? 0 : present.Average(r => r.F1);

        var independent = models.Where(m => m.Truth.Relation == Relations.Independent).ToList();
        var falseDerived = independent.Count(m => Relations.IsDerived(m.Predicted));
        var falseDerivedRate = new FalseDerivedRate(independent.Count, falseDerived, Rate(falseDerived, independent.Count));

        var parents = ParentsOf(models);
        var merges = models.Where(m => m.Truth.Relation == Relations.Merge).ToList();
        var predictedMerges = merges.Where(m => m.Predicted == Relations.Merge).ToList();
        var methodCorrect = predictedMerges.Count(m => m.Verdict!.Method == m.Truth.Method);
        var methods = new MethodAccuracy(merges.Count, predictedMerges.Count, methodCorrect, Rate(methodCorrect, predictedMerges.Count));
        var coefficients = CoefficientsOf(merges);
        var transforms = TransformsOf(models);
        var formats = FormatsOf(models);
        var monthly = MonthlyOf(truth, models, declared);

        var report = new EvaluationReport(counts, confusion, perRelation, macroF1, falseDerivedRate, parents, methods, coefficients, transforms, formats, monthly, [])
        {
            PerCase = CasesOf(models),
        };
        var misjudged = models.Where(m => m.Truth.Relation != Relations.Independent && (m.Predicted != m.Truth.Relation || !m.TopParentIsTruthParent
                || (m.Truth.Relation == Relations.Merge && m.Verdict!.Method != m.Truth.Method)))
            .Take(MaxMisjudged)
            .Select(m => new Misjudged(m.Truth.Id, m.Truth.Relation, m.Truth.Format, m.Predicted, m.TopParent, m.Verdict?.Evidence.Summary))
            .ToList();
        return report with { Targets = Targets(report, merges.Count), Misjudged = misjudged };
    }

    private static ConfusionMatrix Confusion(List<Scored> models)
    {
        var truthRelations = Ordered(models.Select(m => m.Truth.Relation).Distinct(StringComparer.Ordinal)).ToList();
        var predicted = Ordered(Relations.All.Concat(models.Select(m => m.Predicted)).Distinct(StringComparer.Ordinal)).ToList();
        var counts = truthRelations.Select(t => predicted.Select(p => models.Count(m => m.Truth.Relation == t && m.Predicted == p)).ToArray()).ToArray();
        return new ConfusionMatrix(truthRelations, predicted, counts);
    }

    /// <summary>Relations in <see cref="Relations.All"/> order, any others after them alphabetically.</summary>
    private static IEnumerable<string> Ordered(IEnumerable<string> relations) =>
        relations.OrderBy(r => Relations.All.ToList().IndexOf(r) is var i and >= 0 ? i : int.MaxValue).ThenBy(r => r, StringComparer.Ordinal);

    private static RelationScore RelationScoreOf(ConfusionMatrix confusion, string relation)
    {
        var row = confusion.Truth.ToList().IndexOf(relation);
        var column = confusion.Predicted.ToList().IndexOf(relation);
        var support = confusion.Counts[row].Sum();
        var correct = column < 0 ? 0 : confusion.Counts[row][column];
        var predicted = column < 0 ? 0 : confusion.Counts.Sum(r => r[column]);
        var precision = predicted == 0 ? 0 : (double)correct / predicted;
        var recall = support == 0 ? 0 : (double)correct / support;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new RelationScore(relation, support, predicted, correct, precision, recall, f1);
    }

    private static ParentAccuracy ParentsOf(List<Scored> models)
    {
        var compared = models.Where(m => Relations.IsDerived(m.Truth.Relation) && Relations.IsDerived(m.Predicted)).ToList();
        var top = compared.Count(m => m.TopParentIsTruthParent);
        var exact = compared.Count(m => m.Verdict!.Parents.Select(p => p.Id).ToHashSet(StringComparer.Ordinal).SetEquals(m.Truth.Parents.Select(p => p.Id)));
        return new ParentAccuracy(compared.Count, top, Rate(top, compared.Count), exact, Rate(exact, compared.Count));
    }

    private static CoefficientErrors CoefficientsOf(List<Scored> merges)
    {
        var families = CoefficientFamilies.Select(family =>
        {
            var ofFamily = merges.Where(m => m.Truth.Method == family).ToList();
            var truthConstant = ofFamily.Count(m => TruthCoefficients(m.Truth) is not null);
            var eligible = ofFamily.Where(m => m.Predicted == Relations.Merge && m.Verdict!.Method == family).ToList();
            var (errors, gradients, unmatched) = (new List<double>(), 0, 0);
            foreach (var model in eligible)
            {
                if (TruthCoefficients(model.Truth) is null)
                    gradients++;
                else if (ErrorOf(model.Truth, model.Verdict!) is { } error)
                    errors.Add(error);
                else
                    unmatched++;
            }
            return (Error: Summarise(family, truthConstant, eligible.Count, errors, gradients, unmatched), Errors: errors);
        }).ToList();
        var overall = Summarise("all", families.Sum(f => f.Error.TruthConstant), families.Sum(f => f.Error.Eligible), [.. families.SelectMany(f => f.Errors)],
            families.Sum(f => f.Error.SkippedGradients), families.Sum(f => f.Error.Unmatched));
        return new CoefficientErrors(overall, [.. families.Select(f => f.Error)]);
    }

    private static CoefficientError Summarise(string method, int truthConstant, int eligible, List<double> errors, int gradients, int unmatched) =>
        new(method, truthConstant, eligible, errors.Count, gradients, unmatched,
            errors.Count == 0 ? null : errors.Average(),
            errors.Count == 0 ? null : errors.Max(),
            Rate(errors.Count(e => e <= CoefficientErrors.Tolerance + 1e-9), errors.Count));

    /// <summary>
    /// The truth's constant coefficients by parent id (slerp: t toward the second parent, keyed by that parent), or null
    /// for a gradient. Linear weights are an anchor list when their count differs from the parents'.
    /// </summary>
    private static Dictionary<string, double>? TruthCoefficients(ModelTruth truth)
    {
        if (truth.Method == MergeMethods.Slerp)
            return truth.Coefficients.TryGetValue("t", out var t) && t.Length == 1 && truth.Parents.Length == 2
                ? new Dictionary<string, double>(StringComparer.Ordinal) { [truth.Parents[1].Id] = t[0] }
                : null;
        return truth.Coefficients.TryGetValue("weight", out var w) && w.Length == truth.Parents.Length && w.Length > 0
            ? truth.Parents.Select((p, i) => (p.Id, W: w[i])).ToDictionary(p => p.Id, p => p.W, StringComparer.Ordinal)
            : null;
    }

    /// <summary>The largest absolute error of the verdict's coefficients, or null when they cannot be matched to the truth parents.</summary>
    private static double? ErrorOf(ModelTruth truth, Verdict verdict)
    {
        var expected = TruthCoefficients(truth)!;
        var parents = verdict.Parents.Select(p => p.Id).ToList();
        if (truth.Method == MergeMethods.Slerp)
        {
            // t weighs the second parent: a verdict that lists the truth's parents the other way round states 1 − t
            if (!verdict.Coefficients.TryGetValue("t", out var t) || t.Length != 1 || parents.Count != 2)
                return null;
            var (first, second) = (truth.Parents[0].Id, truth.Parents[1].Id);
            return parents[0] == first && parents[1] == second ? Math.Abs(t[0] - expected[second])
                : parents[0] == second && parents[1] == first ? Math.Abs(1 - t[0] - expected[second])
                : null;
        }
        if (!verdict.Coefficients.TryGetValue("weight", out var weights) || weights.Length != parents.Count)
            return null;
        var predicted = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < parents.Count; i++)
            predicted.TryAdd(parents[i], weights[i]);
        if (!expected.Keys.All(predicted.ContainsKey))
            return null;
        return expected.Max(e => Math.Abs(predicted[e.Key] - e.Value));
    }

    private static List<TransformRecall> TransformsOf(List<Scored> models)
    {
        var names = TruthTransforms.Concat(models.SelectMany(m => m.Truth.Transforms).Distinct(StringComparer.Ordinal).Except(TruthTransforms).Order(StringComparer.Ordinal));
        return [.. names.Select(transform =>
        {
            var carrying = models.Where(m => m.Truth.Transforms.Contains(transform)).ToList();
            var correct = carrying.Count(m => m.Predicted == m.Truth.Relation && m.TopParentIsTruthParent);
            int? detected = VerdictTransforms.Contains(transform) ? carrying.Count(m => m.Verdict?.Transforms.Contains(transform) == true) : null;
            return new TransformRecall(transform, carrying.Count, correct, Rate(correct, carrying.Count), detected,
                detected is { } d ? Rate(d, carrying.Count) : null);
        })];
    }

    /// <summary>Per published format: quantised copies, and fine-tunes published only quantised (truth: finetune + quantized).</summary>
    private static List<FormatRecall> FormatsOf(List<Scored> models)
    {
        static string KindOf(ModelTruth t) =>
            t.Relation == Relations.Quantized ? Relations.Quantized
            : t.Relation == Relations.Finetune && t.Transforms.Contains(Transforms.Quantized) ? QuantizedFinetune
            : "";
        return [.. models.Where(m => KindOf(m.Truth).Length > 0 && m.Truth.Format is not null)
            .GroupBy(m => (Kind: KindOf(m.Truth), Format: m.Truth.Format!))
            .OrderBy(g => g.Key.Kind, StringComparer.Ordinal).ThenBy(g => g.Key.Format, StringComparer.Ordinal)
            .Select(g =>
            {
                var correct = g.Count(m => m.Predicted == m.Truth.Relation && m.TopParentIsTruthParent);
                return new FormatRecall(g.Key.Kind, g.Key.Format, g.Count(), correct, Rate(correct, g.Count()));
            })];
    }

    /// <summary>Per hard case: right means the right relation, a truth parent on top, and for merges the right method.</summary>
    private static List<CaseScore> CasesOf(List<Scored> models) =>
    [
        .. models.Where(m => m.Truth.Case is not null).GroupBy(m => m.Truth.Case!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            static bool Right(Scored m) => m.Predicted == m.Truth.Relation
                && (m.Truth.Relation == Relations.Independent || m.TopParentIsTruthParent)
                && (m.Truth.Relation != Relations.Merge || m.Verdict!.Method == m.Truth.Method);
            var (all, correct) = (g.Count(), g.Count(Right));
            var decided = g.Count(m => m.Predicted != Relations.Unknown);
            var relation = g.GroupBy(m => m.Truth.Relation).MaxBy(r => r.Count())!.Key;
            var predicted = g.GroupBy(m => m.Predicted).OrderByDescending(p => p.Count()).ToDictionary(p => p.Key, p => p.Count(), StringComparer.Ordinal);
            return new CaseScore(g.Key, relation, all, correct, Rate(correct, all), Rate(correct, decided), predicted);
        }),
    ];

    private static MonthlySeriesError MonthlyOf(HubTruth truth, List<Scored> models, IReadOnlyDictionary<string, DeclaredProvenance> declared)
    {
        var byMonth = models.Where(m => m.Truth.Month is not null).ToLookup(m => m.Truth.Month!, StringComparer.Ordinal);
        var months = truth.Monthly.Select(month =>
        {
            var ofMonth = byMonth[month.Month].ToList();
            double Share(Func<Scored, bool> which) => ofMonth.Count == 0 ? 0 : (double)ofMonth.Count(which) / ofMonth.Count;
            var predicted = new SeriesShares(
                Share(m => m.Predicted == Relations.Merge),
                Share(m => m.Predicted == Relations.Finetune),
                Share(m => m.Predicted == Relations.Independent),
                Share(m => Relations.IsDerived(m.Predicted) && !declared.GetValueOrDefault(m.Truth.Id, DeclaredProvenance.Nothing).DeclaresBaseModel));
            return new MonthComparison(month.Month, month.Uploads, ofMonth.Count,
                new SeriesShares(month.Merges, month.Finetunes, month.Independent, month.UndeclaredDerivatives), predicted);
        }).ToList();
        SeriesError Error(string name, Func<SeriesShares, double> series)
        {
            var errors = months.Select(m => Math.Abs(series(m.Predicted) - series(m.Truth))).ToList();
            return new SeriesError(name, errors.Count == 0 ? null : errors.Average(), errors.Count == 0 ? null : errors.Max());
        }
        return new MonthlySeriesError(
        [
            Error("merges", s => s.Merges),
            Error("finetunes", s => s.Finetunes),
            Error("independent", s => s.Independent),
            Error("undeclared derivatives", s => s.UndeclaredDerivatives),
        ], months);
    }

    private static List<TargetCheck> Targets(EvaluationReport report, int trueMerges)
    {
        static string AtLeast(double? value, double target, bool measurable) =>
            !measurable ? TargetStatus.NotApplicable : value >= target ? TargetStatus.Pass : TargetStatus.Fail;
        var checks = new List<TargetCheck>
        {
            new("macro-F1", report.MacroF1, $"≥ {MacroF1Target:0.00}", AtLeast(report.MacroF1, MacroF1Target, report.Counts.Models > 0)),
            new("false derived on independent", report.FalseDerived.Rate, $"≤ {FalseDerivedTarget:P0}",
                report.FalseDerived.Rate is not { } rate ? TargetStatus.NotApplicable : rate <= FalseDerivedTarget ? TargetStatus.Pass : TargetStatus.Fail),
        };
        var coefficients = report.Coefficients.Overall;
        checks.Add(new TargetCheck($"merge coefficients within ±{CoefficientErrors.Tolerance}", coefficients.WithinTolerance, "all compared",
            coefficients.TruthConstant == 0 ? TargetStatus.NotApplicable
            : coefficients.Compared > 0 && coefficients.WithinTolerance >= 1 ? TargetStatus.Pass : TargetStatus.Fail));
        checks.Add(new TargetCheck("merge method", report.Methods.Rate, $"≥ {MethodTarget:P0}",
            trueMerges == 0 ? TargetStatus.NotApplicable : AtLeast(report.Methods.Rate, MethodTarget, true)));
        checks.AddRange(report.PerTransform.Select(t => new TargetCheck($"recall {t.Transform}", t.Recall, $"≥ {TransformRecallTarget:P0}",
            AtLeast(t.Recall, TransformRecallTarget, t.Models > 0))));
        checks.AddRange(report.PerCase.Select(c => new TargetCheck($"recall case {c.Case}", c.Recall, $"≥ {CaseRecallTarget:P0}", AtLeast(c.Recall, CaseRecallTarget, c.Models > 0))));
        checks.AddRange(report.PerFormat.Select(f =>
        {
            var target = f.Relation == Relations.Quantized ? QuantizedFormatTarget : QuantizedFinetuneFormatTarget;
            return new TargetCheck($"recall {f.Relation} {f.Format}", f.Recall, $"≥ {target:P0}", AtLeast(f.Recall, target, f.Models > 0));
        }));
        return checks;
    }

    private static double? Rate(int count, int of) => of == 0 ? null : (double)count / of;
}
