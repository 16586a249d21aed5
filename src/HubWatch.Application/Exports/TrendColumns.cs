using HubWatch.Application.Trends;

namespace HubWatch.Application.Exports;

/// <summary>The columns of a <see cref="TrendRow"/> under the snake_case names the CSV exports use.</summary>
public static class TrendColumns
{
    public static IReadOnlyList<(string Name, Func<TrendRow, int> Read)> All { get; } =
    [
        ("uploads", r => r.Uploads),
        ("declared_provenance", r => r.DeclaredProvenance),
        ("declared_mergekit", r => r.DeclaredMergekit),
        ("fingerprinted", r => r.Fingerprinted),
        ("judged", r => r.Judged),
        ("detected_merges", r => r.DetectedMerges),
        ("detected_finetunes", r => r.DetectedFinetunes),
        ("verified_independent", r => r.VerifiedIndependent),
        ("undeclared_derivatives", r => r.UndeclaredDerivatives),
        ("licence_conflicts", r => r.LicenseConflicts),
    ];

    // Column i holds i + 1, so reading a chart's numerator or denominator off this row names the column it reads.
    private static readonly TrendRow Probe = new("probe", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

    /// <summary>The column <paramref name="read"/> returns, or <paramref name="fallback"/> when it computes something else.</summary>
    public static string NameOf(Func<TrendRow, int> read, string fallback)
    {
        var index = read(Probe) - 1;
        return index >= 0 && index < All.Count && All[index].Read(Probe) == index + 1 ? All[index].Name : fallback;
    }
}
