using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubWatch.Evaluation.Scoring;

/// <summary>How HubWatch's verdicts compare with a demo hub's truth.json (see <see cref="VerdictScoring"/>).</summary>
/// <param name="MacroF1">Mean F1 over the truth relations present.</param>
/// <param name="Targets">Each figure the issue sets a target for, with PASS, FAIL or n/a.</param>
public sealed record EvaluationReport(
    EvaluationCounts Counts,
    ConfusionMatrix Confusion,
    IReadOnlyList<RelationScore> PerRelation,
    double MacroF1,
    FalseDerivedRate FalseDerived,
    ParentAccuracy Parents,
    MethodAccuracy Methods,
    CoefficientErrors Coefficients,
    IReadOnlyList<TransformRecall> PerTransform,
    IReadOnlyList<FormatRecall> PerFormat,
    MonthlySeriesError Monthly,
    IReadOnlyList<TargetCheck> Targets)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Derived models whose relation or top parent is wrong (merges: or their method), for reading their verdicts (at most <see cref="VerdictScoring.MaxMisjudged"/>).</summary>
    public IReadOnlyList<Misjudged> Misjudged { get; init; } = [];

    /// <summary>The realistic scenario's hard cases, each on its own (empty for hubs whose truth labels none).</summary>
    public IReadOnlyList<CaseScore> PerCase { get; init; } = [];

    /// <summary>Seconds per stage of the run that produced the verdicts (crawl, fingerprint, classify), when known.</summary>
    public IReadOnlyDictionary<string, double>? StageSeconds { get; init; }

    public string ToTable() => EvaluationTable.Render(this);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <param name="Models">Models in the truth, each scored once.</param>
/// <param name="MissingVerdicts">Models in the truth without a verdict: scored as unknown.</param>
/// <param name="ExtraVerdicts">Verdicts for models the truth does not know (ignored).</param>
public sealed record EvaluationCounts(int Models, int MissingVerdicts, int ExtraVerdicts);

/// <summary>Models by truth relation (rows) and predicted relation (columns, unknown included).</summary>
public sealed record ConfusionMatrix(IReadOnlyList<string> Truth, IReadOnlyList<string> Predicted, int[][] Counts)
{
    public int Total => Counts.Sum(row => row.Sum());

    public int Count(string truth, string predicted)
    {
        var (row, column) = (Truth.ToList().IndexOf(truth), Predicted.ToList().IndexOf(predicted));
        return row < 0 || column < 0 ? 0 : Counts[row][column];
    }
}

/// <param name="Support">Models whose truth is this relation.</param>
/// <param name="Predicted">Models predicted as this relation.</param>
/// <param name="Precision">Correct ÷ predicted (0 when none predicted).</param>
/// <param name="Recall">Correct ÷ support (0 when none in truth).</param>
public sealed record RelationScore(string Relation, int Support, int Predicted, int Correct, double Precision, double Recall, double F1);

/// <summary>Truly independent models that the verdicts call derived (<c>Relations.IsDerived</c>).</summary>
/// <param name="Rate">Null when the truth holds no independent model.</param>
public sealed record FalseDerivedRate(int Independent, int PredictedDerived, double? Rate);

/// <summary>Among truly derived models predicted derived: is the top predicted parent (largest share) a truth parent, and is the set right?</summary>
public sealed record ParentAccuracy(int Compared, int TopParentCorrect, double? TopParentRate, int ExactSet, double? ExactSetRate);

/// <summary>Among true merges predicted merge: the right method family (truth <c>Method</c>).</summary>
public sealed record MethodAccuracy(int TrueMerges, int Compared, int Correct, double? Rate);

/// <summary>
/// Merge coefficients against the truth for true merges predicted merge with the right family: linear and
/// task_arithmetic <c>weight</c> per parent (matched by parent id), slerp <c>t</c> (toward the second truth parent).
/// Gradients (anchor lists) are not compared. A model's error is its largest absolute error.
/// </summary>
/// <param name="Overall">All three families together (Method "all").</param>
public sealed record CoefficientErrors(CoefficientError Overall, IReadOnlyList<CoefficientError> Families)
{
    public const double Tolerance = 0.02;
}

/// <param name="TruthConstant">True merges of the family with constant coefficients (comparable in principle).</param>
/// <param name="Eligible">True merges of the family predicted merge with the right family.</param>
/// <param name="Compared">Eligible, constant in truth, and the verdict gives the coefficient for the truth parents.</param>
/// <param name="SkippedGradients">Eligible but a gradient in truth: not compared.</param>
/// <param name="Unmatched">Eligible and constant, but the verdict lacks the coefficient or names other parents.</param>
/// <param name="WithinTolerance">Share of compared models whose error is within ±<see cref="CoefficientErrors.Tolerance"/>.</param>
public sealed record CoefficientError(
    string Method,
    int TruthConstant,
    int Eligible,
    int Compared,
    int SkippedGradients,
    int Unmatched,
    double? MeanError,
    double? MaxError,
    double? WithinTolerance);

/// <summary>Models carrying a truth transform: right relation and a truth parent on top; and the transform named.</summary>
/// <param name="Detected">Models whose verdict names the transform; null for transforms verdicts do not name (low-rank, continued-pretraining).</param>
/// <summary>One hard case of the realistic scenario (truth <c>Case</c>).</summary>
/// <param name="Relation">What its models truly are.</param>
/// <param name="Correct">Right relation, and for derived models a truth parent on top (merges: also the right method).</param>
/// <param name="Recall">Correct ÷ models.</param>
/// <param name="Precision">Correct ÷ the models the verdicts decided (unknown — "undecided" — left out): how far a decided verdict can be trusted.</param>
/// <param name="PredictedAs">Models by predicted relation.</param>
public sealed record CaseScore(string Case, string Relation, int Models, int Correct, double? Recall, double? Precision, IReadOnlyDictionary<string, int> PredictedAs);

/// <summary>A model the verdicts got wrong: what it is, what it was called, and the verdict's sentence.</summary>
public sealed record Misjudged(string Id, string Truth, string? Format, string Predicted, string? TopParent, string? Summary);

/// <summary>Quantised copies (or quantised fine-tunes) in one published format: how many got their relation and a truth parent on top.</summary>
public sealed record FormatRecall(string Relation, string Format, int Models, int Correct, double? Recall);

public sealed record TransformRecall(string Transform, int Models, int Correct, double? Recall, int? Detected, double? DetectedRate);

/// <summary>The monthly shares from the verdicts against the truth's, month by month.</summary>
public sealed record MonthlySeriesError(IReadOnlyList<SeriesError> Series, IReadOnlyList<MonthComparison> Months);

public sealed record SeriesError(string Series, double? MeanAbsError, double? MaxAbsError);

/// <param name="Scored">Truth models of the month (their verdicts give the predicted shares).</param>
public sealed record MonthComparison(string Month, int Uploads, int Scored, SeriesShares Truth, SeriesShares Predicted);

/// <param name="UndeclaredDerivatives">Derived, and the card names no base model.</param>
public sealed record SeriesShares(double Merges, double Finetunes, double Independent, double UndeclaredDerivatives);

/// <param name="Value">The figure (a share); null when there was nothing to measure.</param>
/// <param name="Status"><see cref="TargetStatus"/>: PASS, FAIL, or n/a when the truth has nothing to measure.</param>
public sealed record TargetCheck(string Figure, double? Value, string Target, string Status);

public static class TargetStatus
{
    public const string Pass = "PASS";
    public const string Fail = "FAIL";
    public const string NotApplicable = "n/a";
}
