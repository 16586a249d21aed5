namespace HubWatch.Data.Entities;

/// <summary>A file of a model repository. Size and LFS hash are known once the file tree has been read.</summary>
public sealed class ModelFile
{
    public long Id { get; set; }
    public required string ModelId { get; set; }
    public required string Path { get; set; }
    public long? Size { get; set; }
    public string? LfsSha256 { get; set; }
}
