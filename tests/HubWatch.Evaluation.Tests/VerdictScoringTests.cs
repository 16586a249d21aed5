using System.Text.Json;
using HubWatch.DemoHub.Truth;
using HubWatch.Domain.Lineage;
using HubWatch.Evaluation.Scoring;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Declarations;

namespace HubWatch.Evaluation.Tests;

/// <summary>Scoring on small hand-built truths: perfect verdicts score perfectly, and one mistake moves exactly its cells.</summary>
public sealed class VerdictScoringTests
{
    private const string Base1 = "lab/Base-1";
    private const string Base2 = "lab/Base-2";
    private const string Tune = "ann/Base-1-Chat";
    private const string Linear = "bob/Mix-Linear";
    private const string Slerp = "bob/Mix-Slerp";
    private const string Gradient = "bob/Mix-Gradient";
    private const string Quant = "quant/Base-1-GGUF";
    private const string Copy = "eve/Base-2-Noisy";
    private const string Lora = "ann/Base-2-Lora";
    private const string Adapter = "ann/Base-1-Chat-lora";

    private static readonly ModelTruth[] Models =
    [
        Truth(Base1, "independent", "2025-01", []),
        Truth(Base2, "independent", "2025-01", []),
        Truth(Tune, "finetune", "2025-02", [(Base1, 1)], declared: [Base1]),
        Truth(Linear, "merge", "2025-02", [(Base1, 0.6), (Base2, 0.4)], "linear", new() { ["weight"] = [0.6, 0.4] }, declared: [Base1, Base2]),
        Truth(Slerp, "merge", "2025-02", [(Base1, 0.7), (Base2, 0.3)], "slerp", new() { ["t"] = [0.3] }),
        Truth(Gradient, "merge", "2025-03", [(Base1, 0.5), (Base2, 0.5)], "linear", new() { ["weight"] = [1, 0.5, 0] }),
        Truth(Quant, "quantized", "2025-03", [(Base1, 1)], transforms: ["quantized"]),
        Truth(Copy, "copy", "2025-03", [(Base2, 1)], transforms: ["noise"]),
        Truth(Lora, "finetune", "2025-03", [(Base2, 1)], transforms: ["low-rank"]),
        Truth(Adapter, "adapter", null, [(Tune, 1)], declared: [Tune]),
    ];

    private static ModelTruth Truth(string id, string relation, string? month, (string Id, double Share)[] parents, string? method = null,
        Dictionary<string, double[]>? coefficients = null, string[]? transforms = null, string[]? declared = null) => new()
        {
            Id = id,
            Relation = relation,
            Parents = [.. parents.Select(p => new ParentShare(p.Id, p.Share))],
            Method = method,
            MergekitMethod = method,
            Coefficients = coefficients ?? [],
            Transforms = transforms ?? [],
            License = new LicenseFacts("apache-2.0", [], false, null),
            Declared = new DeclaredFacts(declared ?? [], null, false, false, false, (declared ?? []).Length > 0),
            Month = month,
            Architecture = "llama-mini",
        };

    /// <summary>The truth with its monthly series computed as the generator does (CatalogBuilder.Monthly).</summary>
    private static HubTruth Hub(ModelTruth[] models) => new()
    {
        Seed = 1,
        Until = "2025-03",
        Scenario = "test",
        Models = models,
        Monthly = [.. new[] { "2025-01", "2025-02", "2025-03" }.Select(month =>
        {
            var of = models.Where(m => m.Month == month).ToList();
            double Share(Func<ModelTruth, bool> which) => Math.Round((double)of.Count(which) / of.Count, 4);
            return new MonthTruth(month, of.Count, 0, 0, Share(m => m.Relation == "merge"), Share(m => m.Relation == "finetune"),
                Share(m => m.Relation == "independent"), Share(m => m.Relation != "independent" && m.Declared.BaseModels.Length == 0), 0,
                new ScenarioTargets(0, 0, 0, 0));
        })],
    };

    private static readonly Dictionary<string, DeclaredProvenance> Declared =
        Models.ToDictionary(m => m.Id, m => DeclaredProvenance.Nothing with { BaseModels = m.Declared.BaseModels });

    private static readonly HashSet<string> VerdictTransforms = ["noise", "permuted", "reordered", "renamed", "transposed", "quantized"];

    private static Verdict Perfect(ModelTruth truth) => new(
        truth.Id,
        truth.Relation,
        [.. truth.Parents.Select(p => new ParentEvidence(p.Id, p.Share, 1e-12, 0.9))],
        truth.Method,
        truth.Coefficients,
        [.. truth.Transforms.Where(VerdictTransforms.Contains)],
        new VerdictEvidence(0.01, 0.99, 3, 20, [], "test"));

    private static List<Verdict> PerfectVerdicts() => [.. Models.Select(Perfect)];

    private static List<Verdict> With(string id, Func<Verdict, Verdict> change) =>
        [.. PerfectVerdicts().Select(v => v.ModelId == id ? change(v) : v)];

    private static EvaluationReport Score(IReadOnlyList<Verdict> verdicts) => VerdictScoring.Score(Hub(Models), verdicts, Declared);

    [Fact]
    public void Perfect_verdicts_score_perfectly_everywhere()
    {
        var report = Score(PerfectVerdicts());

        Assert.Equal(new EvaluationCounts(Models.Length, 0, 0), report.Counts);
        Assert.Equal(Models.Length, report.Confusion.Total);
        Assert.Equal(["independent", "finetune", "merge", "quantized", "copy", "adapter"], report.Confusion.Truth);
        Assert.Contains("unknown", report.Confusion.Predicted);
        Assert.Equal(1.0, report.MacroF1);
        Assert.All(report.PerRelation, r => Assert.Equal((1.0, 1.0, 1.0), (r.Precision, r.Recall, r.F1)));
        Assert.Equal(new FalseDerivedRate(2, 0, 0), report.FalseDerived);
        Assert.Equal(new ParentAccuracy(8, 8, 1, 8, 1), report.Parents);
        Assert.Equal(new MethodAccuracy(3, 3, 3, 1), report.Methods);

        var coefficients = report.Coefficients.Overall;
        Assert.Equal((2, 3, 2, 1, 0), (coefficients.TruthConstant, coefficients.Eligible, coefficients.Compared, coefficients.SkippedGradients, coefficients.Unmatched));
        Assert.Equal((0.0, 0.0, 1.0), (coefficients.MeanError!.Value, coefficients.MaxError!.Value, coefficients.WithinTolerance!.Value));

        var transforms = report.PerTransform.ToDictionary(t => t.Transform);
        Assert.Equal(new TransformRecall("quantized", 1, 1, 1, 1, 1), transforms["quantized"]);
        Assert.Equal(new TransformRecall("noise", 1, 1, 1, 1, 1), transforms["noise"]);
        Assert.Equal(new TransformRecall("low-rank", 1, 1, 1, null, null), transforms["low-rank"]);
        Assert.Equal(new TransformRecall("renamed", 0, 0, null, 0, null), transforms["renamed"]);

        Assert.Equal(3, report.Monthly.Months.Count);
        Assert.All(report.Monthly.Series, s => Assert.Equal((0.0, 0.0), (s.MeanAbsError!.Value, s.MaxAbsError!.Value), new ToleranceComparer(1e-4)));
        Assert.All(report.Targets, t => Assert.Contains(t.Status, new[] { TargetStatus.Pass, TargetStatus.NotApplicable }));
        Assert.Equal(TargetStatus.NotApplicable, report.Targets.Single(t => t.Figure == "recall renamed").Status);
    }

    [Fact]
    public void An_independent_model_called_a_finetune_moves_exactly_its_cells()
    {
        var report = Score(With(Base2, v => v with { Relation = "finetune", Parents = [new ParentEvidence(Base1, 1, 1e-9, 0.8)] }));
        var perfect = Score(PerfectVerdicts());

        Assert.Equal(1, report.Confusion.Count("independent", "finetune"));
        Assert.Equal(1, report.Confusion.Count("independent", "independent"));
        var changed = from i in Enumerable.Range(0, perfect.Confusion.Truth.Count)
                      from j in Enumerable.Range(0, perfect.Confusion.Predicted.Count)
                      where perfect.Confusion.Counts[i][j] != report.Confusion.Counts[i][j]
                      select (perfect.Confusion.Truth[i], perfect.Confusion.Predicted[j]);
        Assert.Equal([("independent", "independent"), ("independent", "finetune")], changed.ToList());

        var relations = report.PerRelation.ToDictionary(r => r.Relation);
        Assert.Equal((1.0, 0.5), (relations["independent"].Precision, relations["independent"].Recall));
        Assert.Equal((2.0 / 3, 1.0), (relations["finetune"].Precision, relations["finetune"].Recall));
        Assert.Equal((4 + 2 * 0.5 / 1.5 + 2 * (2.0 / 3) / (5.0 / 3)) / 6, report.MacroF1, 10);
        Assert.Equal(new FalseDerivedRate(2, 1, 0.5), report.FalseDerived);
        Assert.Equal(TargetStatus.Fail, report.Targets.Single(t => t.Figure == "false derived on independent").Status);
        Assert.Equal(TargetStatus.Fail, report.Targets.Single(t => t.Figure == "macro-F1").Status);

        // parents: only truly derived models count, so the mistake leaves them alone
        Assert.Equal(perfect.Parents, report.Parents);
        // January: one of two independent models now a finetune with no declared base
        var series = report.Monthly.Series.ToDictionary(s => s.Series);
        Assert.Equal((0.5 / 3, 0.5), (series["independent"].MeanAbsError!.Value, series["independent"].MaxAbsError!.Value), new ToleranceComparer(1e-4));
        Assert.Equal((0.5 / 3, 0.5), (series["finetunes"].MeanAbsError!.Value, series["finetunes"].MaxAbsError!.Value), new ToleranceComparer(1e-4));
        Assert.Equal(0.5, series["undeclared derivatives"].MaxAbsError!.Value, 4);
        Assert.Equal(0.0, series["merges"].MaxAbsError!.Value, 4);
    }

    [Fact]
    public void Coefficients_match_by_parent_id_and_slerp_t_follows_the_parent_order()
    {
        var verdicts = PerfectVerdicts().Select(v => v.ModelId switch
        {
            // the same merges stated the other way round: weights by parent, t toward the verdict's second parent
            Linear => v with { Parents = [.. v.Parents.Reverse()], Coefficients = new Dictionary<string, double[]> { ["weight"] = [0.4, 0.6] } },
            Slerp => v with { Parents = [.. v.Parents.Reverse()], Coefficients = new Dictionary<string, double[]> { ["t"] = [0.7] } },
            _ => v,
        }).ToList();
        Assert.Equal(0.0, Score(verdicts).Coefficients.Overall.MaxError!.Value, 10);

        var off = Score(With(Slerp, v => v with { Coefficients = new Dictionary<string, double[]> { ["t"] = [0.35] } }));
        var slerp = off.Coefficients.Families.Single(f => f.Method == "slerp");
        Assert.Equal((1, 0.05, 0.0), (slerp.Compared, slerp.MaxError!.Value, slerp.WithinTolerance!.Value), new ToleranceComparer(1e-9));
        Assert.Equal(0.5, off.Coefficients.Overall.WithinTolerance!.Value);
        Assert.Equal(0.025, off.Coefficients.Overall.MeanError!.Value, 10);
        Assert.Equal(TargetStatus.Fail, off.Targets.Single(t => t.Figure.StartsWith("merge coefficients", StringComparison.Ordinal)).Status);

        var missing = Score(With(Linear, v => v with { Coefficients = new Dictionary<string, double[]>() }));
        var linear = missing.Coefficients.Families.Single(f => f.Method == "linear");
        Assert.Equal((2, 0, 1, 1), (linear.Eligible, linear.Compared, linear.SkippedGradients, linear.Unmatched));
    }

    [Fact]
    public void A_wrong_method_family_counts_against_method_accuracy_and_leaves_the_merge_out_of_coefficients()
    {
        var report = Score(With(Slerp, v => v with { Method = "linear", Coefficients = new Dictionary<string, double[]> { ["weight"] = [0.7, 0.3] } }));

        Assert.Equal(new MethodAccuracy(3, 3, 2, 2.0 / 3), report.Methods);
        Assert.Equal(TargetStatus.Fail, report.Targets.Single(t => t.Figure == "merge method").Status);
        var slerp = report.Coefficients.Families.Single(f => f.Method == "slerp");
        Assert.Equal((1, 0, 0), (slerp.TruthConstant, slerp.Eligible, slerp.Compared));
        Assert.Equal(1.0, report.MacroF1);
    }

    [Fact]
    public void A_missing_verdict_is_unknown_and_a_foreign_one_is_ignored()
    {
        var verdicts = PerfectVerdicts().Where(v => v.ModelId != Quant).Append(Perfect(Truth("x/Other", "independent", "2025-01", []))).ToList();
        var report = Score(verdicts);

        Assert.Equal(new EvaluationCounts(Models.Length, 1, 1), report.Counts);
        Assert.Equal(1, report.Confusion.Count("quantized", "unknown"));
        Assert.Equal(Models.Length, report.Confusion.Total);
        var quantized = report.PerRelation.Single(r => r.Relation == "quantized");
        Assert.Equal((0, 0.0, 0.0), (quantized.Predicted, quantized.Recall, quantized.F1));
        Assert.Equal(new TransformRecall("quantized", 1, 0, 0, 0, 0), report.PerTransform.Single(t => t.Transform == "quantized"));
    }

    [Fact]
    public void A_transform_is_recalled_only_with_a_truth_parent_on_top()
    {
        var report = Score(With(Quant, v => v with { Parents = [new ParentEvidence(Tune, 0.9, 1e-9, 0.9), new ParentEvidence(Base1, 0.1, 1e-3, 0.2)] }));

        Assert.Equal(new TransformRecall("quantized", 1, 0, 0, 1, 1), report.PerTransform.Single(t => t.Transform == "quantized"));
        Assert.Equal(new ParentAccuracy(8, 7, 7.0 / 8, 7, 7.0 / 8), report.Parents);
        Assert.Equal(1.0, report.MacroF1);
    }

    [Fact]
    public void Quantised_copies_and_fine_tunes_published_quantised_are_scored_per_format()
    {
        const string TunedGguf = "ann/Base-1-Chat-Q2_K-GGUF";
        ModelTruth[] models =
        [
            .. Models.Select(m => m.Id == Quant ? m with { Format = "GGUF Q4_K_M" } : m with { Format = "safetensors BF16" }),
            Truth(TunedGguf, "finetune", "2025-03", [(Base1, 1)], transforms: ["quantized"]) with { Format = "GGUF Q2_K" },
        ];
        // the fine-tune published only in Q2_K taken for a quantised copy of its base
        List<Verdict> verdicts = [.. models.Select(Perfect).Select(v => v.ModelId == TunedGguf ? v with { Relation = "quantized" } : v)];

        var report = VerdictScoring.Score(Hub(models), verdicts, Declared);

        Assert.Equal(
            [new FormatRecall("quantized", "GGUF Q4_K_M", 1, 1, 1), new FormatRecall(VerdictScoring.QuantizedFinetune, "GGUF Q2_K", 1, 0, 0)],
            report.PerFormat);
        Assert.Equal(TargetStatus.Fail, report.Targets.Single(t => t.Figure == "recall quantized finetune GGUF Q2_K").Status);
        var wrong = Assert.Single(report.Misjudged); // listed with its verdict's sentence, for reading
        Assert.Equal(new Misjudged(TunedGguf, "finetune", "GGUF Q2_K", "quantized", Base1, "test"), wrong);
        Assert.Contains("recall quantized GGUF Q4_K_M", report.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_aligns_the_matrix_and_marks_targets_and_the_json_is_camel_case()
    {
        var report = Score(With(Base2, v => v with { Relation = "finetune", Parents = [new ParentEvidence(Base1, 1, 1e-9, 0.8)] })) with
        {
            StageSeconds = new Dictionary<string, double> { ["crawl"] = 1.5, ["fingerprint"] = 2, ["classify"] = 0.25 },
        };
        var table = report.ToTable();
        var lines = table.Split('\n');
        var header = lines.Single(l => l.StartsWith("truth \\ predicted", StringComparison.Ordinal));
        var independent = lines.First(l => l.StartsWith("independent ", StringComparison.Ordinal));
        // every count ends where its column name ends
        Assert.Equal(header.IndexOf(" finetune", StringComparison.Ordinal) + " finetune".Length, NumberEnd(independent, 1));
        Assert.Equal(header.IndexOf(" total", StringComparison.Ordinal) + " total".Length, independent.Length);
        Assert.Contains("FAIL", table, StringComparison.Ordinal);
        Assert.Contains("PASS", table, StringComparison.Ordinal);
        Assert.Contains("crawl 1.5 s", table, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(report.MacroF1, root.GetProperty("macroF1").GetDouble());
        Assert.Equal(Models.Length, root.GetProperty("confusion").GetProperty("counts").EnumerateArray().Sum(r => r.EnumerateArray().Sum(c => c.GetInt32())));
        Assert.Equal(0.5, root.GetProperty("falseDerived").GetProperty("rate").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("perTransform").EnumerateArray().Single(t => t.GetProperty("transform").GetString() == "renamed").GetProperty("recall").ValueKind);
        Assert.Equal(2, root.GetProperty("stageSeconds").GetProperty("fingerprint").GetDouble());
    }

    /// <summary>Where the <paramref name="column"/>-th number (0-based) of a matrix row ends.</summary>
    private static int NumberEnd(string row, int column)
    {
        var ends = new List<int>();
        for (var i = 0; i < row.Length; i++)
        {
            if (char.IsDigit(row[i]) && (i + 1 == row.Length || row[i + 1] == ' '))
                ends.Add(i + 1);
        }
        return ends[column];
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<(double, double)>, IEqualityComparer<(int, double, double)>
    {
        public bool Equals((double, double) x, (double, double) y) => Math.Abs(x.Item1 - y.Item1) <= tolerance && Math.Abs(x.Item2 - y.Item2) <= tolerance;

        public int GetHashCode((double, double) obj) => 0;

        public bool Equals((int, double, double) x, (int, double, double) y) =>
            x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) <= tolerance && Math.Abs(x.Item3 - y.Item3) <= tolerance;

        public int GetHashCode((int, double, double) obj) => 0;
    }
}
