namespace HubWatch.Application.Trends;

/// <summary>
/// One trend chart: what it counts and over what. The Trends page, the PNG/SVG images and the CSV exports all read
/// this one catalogue, so a chart says the same thing wherever it is shown.
/// </summary>
/// <param name="Name">Stable slug, as in <c>/api/charts/{name}.png</c>.</param>
/// <param name="Counts">What is counted, in words, for the caption.</param>
/// <param name="Denominator">What the share is taken of, in words; null for plain counts.</param>
public sealed record TrendChart(string Name, string Title, string Counts, string? Denominator, Func<TrendRow, int> Numerator,
    Func<TrendRow, int>? Base)
{
    public bool IsShare => Base is not null;

    /// <summary>The value plotted for a month: a count, or a percentage (null when its denominator is 0).</summary>
    public double? Value(TrendRow row)
    {
        if (Base is null)
            return Numerator(row);
        var of = Base(row);
        return of == 0 ? null : 100.0 * Numerator(row) / of;
    }

    public static TrendChart? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    private const string OfUploads = "models uploaded that month";
    private const string OfJudged = "models uploaded that month with a verdict (see coverage)";

    public static IReadOnlyList<TrendChart> All { get; } =
    [
        new("uploads", "Uploads per month", "new model repositories by the month of their createdAt", null, r => r.Uploads, null),
        new("declared-provenance", "Declared provenance", "cards that state a base model or training from scratch", OfUploads,
            r => r.DeclaredProvenance, r => r.Uploads),
        new("declared-mergekit", "Declaring mergekit", "repositories with a mergekit tag, config or version", OfUploads,
            r => r.DeclaredMergekit, r => r.Uploads),
        new("coverage", "Fingerprinted (coverage)", "repositories whose weights were sampled or found byte-identical", OfUploads,
            r => r.Fingerprinted, r => r.Uploads),
        new("detected-merges", "Detected merges", "weights explained as a merge of earlier models", OfJudged,
            r => r.DetectedMerges, r => r.Judged),
        new("detected-finetunes", "Detected fine-tunes", "weights explained as a fine-tune of one earlier model", OfJudged,
            r => r.DetectedFinetunes, r => r.Judged),
        new("verified-independent", "Verified independent", "weights no earlier model of the same shape explains", OfJudged,
            r => r.VerifiedIndependent, r => r.Judged),
        new("undeclared-derivatives", "Undeclared derivatives", "derived weights whose card names no base model", OfJudged,
            r => r.UndeclaredDerivatives, r => r.Judged),
        new("licence-conflicts", "Licence conflicts", "derived weights whose licence contradicts a parent's", OfJudged,
            r => r.LicenseConflicts, r => r.Judged),
    ];
}
