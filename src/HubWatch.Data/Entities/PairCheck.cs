namespace HubWatch.Data.Entities;

/// <summary>
/// What an escalation read of a model and a candidate parent found (the screening sample could not decide the pair):
/// kept per pair of revisions, so it is read once and every later classification uses it.
/// </summary>
public sealed class PairCheck
{
    public long Id { get; set; }
    public required string ModelId { get; set; }
    public required string Revision { get; set; }
    public required string ParentId { get; set; }
    public required string ParentRevision { get; set; }

    /// <summary>Why it was read (<c>permuted-rows</c>).</summary>
    public required string Reason { get; set; }
    public DateTime CreatedAt { get; set; }
    public long BytesRead { get; set; }
    public int Requests { get; set; }

    /// <summary>The result as the classifier reads it back: tensors probed, units paired, errors, or the problem.</summary>
    public required string ResultJson { get; set; }
}
