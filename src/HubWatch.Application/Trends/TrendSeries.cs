using HubWatch.Domain.Time;

namespace HubWatch.Application.Trends;

/// <summary>One month of the trend series. Serialised with stable names for the JSON API.</summary>
public sealed record TrendRow(string Month, int Uploads);

/// <param name="Rows">Every month of the range, oldest first, months without uploads included as 0.</param>
/// <param name="BeforeTracking">Models whose createdAt is the hub's pre-2022-03 placeholder; in no month.</param>
/// <param name="Cutoff">When the data were last crawled (null before the first crawl).</param>
public sealed record TrendSeries(YearMonth From, YearMonth To, IReadOnlyList<TrendRow> Rows, int BeforeTracking, DateTime? Cutoff);
