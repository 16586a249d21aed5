using HubWatch.DemoHub.Catalog;

namespace HubWatch.DemoHub.Serving;

/// <summary>
/// The moment the served hub stands at. Unset, everything generated exists; set, the hub looks as it did then —
/// which lets a test or a demo watch uploads arrive.
/// </summary>
public sealed class HubTimeline
{
    public DateTimeOffset? VisibleUntil { get; set; }

    public bool IsVisible(HubRepo repo) => VisibleUntil is not { } until || repo.CreatedAt < until;
}
