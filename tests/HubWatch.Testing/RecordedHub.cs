using HubWatch.Hub.DemoHub;

namespace HubWatch.Testing;

/// <summary>Facts about the recorded real documents the demo hub serves today, counted from the files.</summary>
public static class RecordedHub
{
    public static DemoHubCatalog Catalog { get; } = DemoHubCatalog.Recorded();

    public static int ModelCount => Catalog.Models.Count;

    public static int BeforeTrackingCount =>
        Catalog.Models.Count(m => HubWatch.Domain.Hub.UploadDate.IsBeforeTracking(m.CreatedAt));
}
