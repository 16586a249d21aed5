using System.Text;

namespace HubWatch.Evaluation.Benchmarks;

/// <summary>One endpoint's latency over R sequential requests, and its median as a multiple of the trivial endpoint's.</summary>
/// <param name="Status">The HTTP status of the last request (200 expected).</param>
public sealed record EndpointLatency(string Name, string Path, int Status, double MedianMs, double P95Ms, double Ratio);

/// <summary>Monthly figures counted from scratch against counting only the months a crawl touched.</summary>
/// <param name="UsesUploadMonthIndex">The incremental recount reads Models through IX_Models_UploadMonth, never a full scan.</param>
public sealed record AggregateTiming(
    double RebuildSeconds,
    double IncrementalSeconds,
    int TouchedModels,
    int TouchedMonths,
    bool UsesUploadMonthIndex,
    IReadOnlyList<string> IncrementalPlan)
{
    public double Ratio => RebuildSeconds / IncrementalSeconds;
}

/// <summary>One run of <c>hubwatch bench dashboard</c>.</summary>
/// <param name="SeedSeconds">Null when an existing database with the same count was reused.</param>
public sealed record DashboardBenchmark(
    int Models,
    long Verdicts,
    long Fingerprints,
    double? SeedSeconds,
    double DatabaseMiB,
    AggregateTiming Aggregates,
    int Requests,
    string Baseline,
    IReadOnlyList<EndpointLatency> Endpoints)
{
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine($"models                       {Models,12:N0}   verdicts {Verdicts:N0}, fingerprints {Fingerprints:N0}");
        text.AppendLine(SeedSeconds is { } seconds
            ? $"seeded in                    {seconds,12:F1} s  ({Models / seconds:N0} models/s)"
            : $"seeded in                    {"reused",12}");
        text.AppendLine($"database                     {DatabaseMiB,12:N0} MiB");
        text.AppendLine($"monthly figures, full       {Aggregates.RebuildSeconds * 1000,12:N1} ms");
        text.AppendLine($"monthly figures, touched    {Aggregates.IncrementalSeconds * 1000,12:N1} ms  ({Aggregates.TouchedModels:N0} models in {Aggregates.TouchedMonths} month(s)); full / touched = {Aggregates.Ratio:N0}×");
        text.AppendLine($"incremental recount plan    {(Aggregates.UsesUploadMonthIndex ? "IX_Models_UploadMonth (no full scan)" : "FULL SCAN of Models")}");
        foreach (var step in Aggregates.IncrementalPlan)
            text.AppendLine($"    {step}");
        text.AppendLine();
        text.AppendLine($"{Requests} sequential requests per endpoint after warm-up; ratio = median / median of {Baseline}");
        var width = Math.Max(8, Endpoints.Max(e => e.Name.Length));
        text.AppendLine($"{"endpoint".PadRight(width)}  {"median ms",10}  {"p95 ms",10}  {"ratio",9}  status");
        foreach (var e in Endpoints)
            text.AppendLine($"{e.Name.PadRight(width)}  {e.MedianMs,10:F2}  {e.P95Ms,10:F2}  {e.Ratio,8:F1}×  {e.Status}");
        return text.ToString().TrimEnd();
    }
}
