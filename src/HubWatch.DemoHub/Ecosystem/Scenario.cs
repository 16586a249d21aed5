using HubWatch.DemoHub.Truth;
using HubWatch.Domain.Time;

namespace HubWatch.DemoHub.Ecosystem;

/// <summary>
/// The monthly shape of the demo hub: the article's scenario (uploads ×7 over 17 months; declared provenance
/// 80 % → 45 %; declared mergekit 4 % → 34 %; verified independent 70 % → 23 %) after a flat lead-in, scaled so the
/// default demo holds a few thousand models. It is a scenario, not measured Hub data, and is labelled as such.
/// </summary>
public sealed record Scenario(YearMonth Until, int BaseMonthlyUploads = 40, int LeadInMonths = 8)
{
    public const int GrowthMonths = 17;
    public const double Growth = 7.0;
    public const string Description = "Scenario: uploads ×7 over 17 months; declared provenance 80 % → 45 %; declared mergekit 4 % → 34 %; verified independent 70 % → 23 % (the Rio article's narrative, not Hub measurements)";

    public int Months => LeadInMonths + GrowthMonths + 1;

    public YearMonth First
    {
        get
        {
            var month = Until;
            for (var i = 1; i < Months; i++)
                month = month.Previous();
            return month;
        }
    }

    public IReadOnlyList<YearMonth> Timeline() => [.. First.Through(Until)];

    /// <summary>0 during the lead-in, rising to 1 at the last month.</summary>
    public double Progress(int monthIndex) => Math.Clamp((monthIndex - LeadInMonths) / (double)GrowthMonths, 0, 1);

    public ScenarioTargets TargetsFor(int monthIndex)
    {
        var p = Progress(monthIndex);
        return new ScenarioTargets(
            Uploads: BaseMonthlyUploads * Math.Pow(Growth, p),
            DeclaredProvenance: Lerp(0.80, 0.45, p),
            DeclaredMergekit: Lerp(0.04, 0.34, p),
            Independent: Lerp(0.70, 0.23, p));
    }

    private static double Lerp(double from, double to, double p) => from + (to - from) * p;
}
