namespace HubWatch.Data.Entities;

/// <summary>A repository the hub now serves under another id (it answered 307 at the old one).</summary>
public sealed class ModelRename
{
    public required string OldId { get; set; }
    public required string NewId { get; set; }
    public DateTime DetectedAt { get; set; }
}
