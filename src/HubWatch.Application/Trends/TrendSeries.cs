using System.Text.Json.Serialization;
using HubWatch.Domain.Hub;
using HubWatch.Domain.Time;

namespace HubWatch.Application.Trends;

/// <summary>
/// What the models uploaded in one month declare and what HubWatch found in their weights. Serialised with stable
/// names for the JSON API. <see cref="Month"/> is <c>YYYY-MM</c>, or "before 2022-03" (<see cref="UploadDate.BeforeTrackingLabel"/>).
/// </summary>
/// <param name="Uploads">Model repositories created that month (deleted ones left out).</param>
/// <param name="DeclaredProvenance">Their cards state a base model or training from scratch.</param>
/// <param name="DeclaredMergekit">They declare mergekit: tag, <c>mergekit_config.yml</c> or <c>mergekit_version</c>.</param>
/// <param name="Fingerprinted">Their weights were sampled (or found byte-identical to sampled ones).</param>
/// <param name="Judged">They have a verdict other than unknown: the denominator of the detected shares.</param>
/// <param name="VerifiedIndependent">Judged independent: no earlier model of their width explains their weights.</param>
public sealed record TrendRow(
    string Month,
    int Uploads,
    int DeclaredProvenance,
    int DeclaredMergekit,
    int Fingerprinted,
    int Judged,
    int DetectedMerges,
    int DetectedFinetunes,
    int VerifiedIndependent,
    int UndeclaredDerivatives,
    // the JSON API's name from before the code settled on one spelling: scripts read it
    [property: JsonPropertyName("licenceConflicts")] int LicenseConflicts)
{
    public static TrendRow Empty(string month) => new(month, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

/// <param name="Months">Every month of the range, oldest first, months without uploads included as zeros.</param>
/// <param name="BeforeTracking">Models created before the hub kept dates (its 2022-03 placeholder): in no month.</param>
/// <param name="Cutoff">When the data were last crawled (null before the first crawl).</param>
/// <param name="Hub">The hub's display name; <paramref name="Synthetic"/> when it is the generated demo scenario.</param>
public sealed record TrendSeries(YearMonth From, YearMonth To, IReadOnlyList<TrendRow> Months, TrendRow BeforeTracking, DateTime? Cutoff,
    string Hub, bool Synthetic);
