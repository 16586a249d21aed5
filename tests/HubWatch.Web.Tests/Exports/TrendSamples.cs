using HubWatch.Application.Trends;
using HubWatch.Domain.Time;

namespace HubWatch.Web.Tests.Exports;

/// <summary>Small hand-made series for the export tests.</summary>
internal static class TrendSamples
{
    public static readonly DateTime Cutoff = new(2024, 3, 20, 9, 30, 0, DateTimeKind.Utc);

    /// <summary>2024-01..2024-03: 3 of 4 judged models merges, then a month with nothing judged, then 1 of 3.</summary>
    public static TrendSeries Small(bool synthetic = false, string hub = "Test hub", DateTime? cutoff = null) => new(
        new YearMonth(2024, 1), new YearMonth(2024, 3),
        [
            TrendRow.Empty("2024-01") with { Uploads = 10, Judged = 4, DetectedMerges = 3, Fingerprinted = 5 },
            TrendRow.Empty("2024-02") with { Uploads = 2 },
            TrendRow.Empty("2024-03") with { Uploads = 7, Judged = 3, DetectedMerges = 1, LicenseConflicts = 1 },
        ],
        TrendRow.Empty("before 2022-03") with { Uploads = 12, Judged = 5, DetectedMerges = 2 },
        cutoff ?? Cutoff, hub, synthetic);

    /// <summary>Forty months of rising uploads, to exercise the month labels.</summary>
    public static TrendSeries Long(bool synthetic) => new(
        new YearMonth(2022, 3), new YearMonth(2025, 6),
        new YearMonth(2022, 3).Through(new YearMonth(2025, 6))
            .Select((m, i) => TrendRow.Empty(m.ToString()) with { Uploads = 100 + 10 * i, Judged = i % 7 == 3 ? 0 : 50, DetectedMerges = i })
            .ToList(),
        TrendRow.Empty("before 2022-03") with { Uploads = 1234 },
        Cutoff, "Demo hub", synthetic);
}
