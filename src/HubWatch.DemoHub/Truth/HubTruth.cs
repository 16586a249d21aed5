namespace HubWatch.DemoHub.Truth;

/// <summary>The ground truth of a generated demo hub (truth.json).</summary>
public sealed record HubTruth
{
    public required ulong Seed { get; init; }
    public required string Until { get; init; }
    public required string Scenario { get; init; }
    public required ModelTruth[] Models { get; init; }
    public required MonthTruth[] Monthly { get; init; }
}

/// <summary>
/// One month of the expected series, over the models uploaded that month. Shares are fractions of
/// <see cref="Uploads"/>; the scenario's targets stand beside what the generator realised.
/// </summary>
public sealed record MonthTruth(
    string Month,
    int Uploads,
    double DeclaredProvenance,
    double DeclaredMergekit,
    double Merges,
    double Finetunes,
    double Independent,
    double UndeclaredDerivatives,
    int LicenseConflicts,
    ScenarioTargets Targets);

public sealed record ScenarioTargets(double Uploads, double DeclaredProvenance, double DeclaredMergekit, double Independent);
