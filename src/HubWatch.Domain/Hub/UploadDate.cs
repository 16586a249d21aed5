using HubWatch.Domain.Time;

namespace HubWatch.Domain.Hub;

/// <summary>
/// When a model was uploaded, as far as a hub's <c>createdAt</c> can tell.
/// </summary>
/// <remarks>
/// The Hugging Face Hub started recording creation dates on 2022-03-02: every older repository carries a
/// placeholder stamp of that evening (2022-03-02T23:29:04Z, and 23:29:05Z on many — both seen in the recorded
/// responses under tests/). Such models belong to a "before 2022-03" bucket; counting them as uploads of March 2022
/// would put a false spike in every monthly chart.
/// </remarks>
public static class UploadDate
{
    /// <summary>Stamps earlier than this are the Hub's placeholder, not a real upload time.</summary>
    public static readonly DateTimeOffset TrackingStarted = new(2022, 3, 2, 23, 30, 0, TimeSpan.Zero);

    public const string BeforeTrackingLabel = "before 2022-03";

    public static bool IsBeforeTracking(DateTimeOffset createdAt) => createdAt < TrackingStarted;

    /// <summary>The month a model counts as uploaded in, or null when it predates the hub's records.</summary>
    public static YearMonth? MonthOf(DateTimeOffset createdAt) =>
        IsBeforeTracking(createdAt) ? null : YearMonth.Of(createdAt);
}
