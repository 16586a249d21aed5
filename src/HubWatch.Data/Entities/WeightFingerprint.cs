namespace HubWatch.Data.Entities;

/// <summary>
/// The fingerprint of one revision of a model's weights: what sampling them found and what it cost. A new commit
/// gets a new row; the old ones stay, so verdicts can name the revision they judged.
/// </summary>
public sealed class WeightFingerprint
{
    public long Id { get; set; }
    public required string ModelId { get; set; }

    /// <summary>The commit sha whose files were sampled.</summary>
    public required string Revision { get; set; }
    public DateTime CreatedAt { get; set; }
    public FingerprintStatus Status { get; set; }

    /// <summary>Why the weights could not be fingerprinted (hostile file, hub error, no safetensors or GGUF).</summary>
    public string? Error { get; set; }

    /// <summary>The weight files sampled, e.g. <c>model.safetensors</c> or a shard index and its shards.</summary>
    public string? Files { get; set; }

    /// <summary>SHA-256 over the sorted LFS sha256 of the weight files: equal for byte-identical uploads.</summary>
    public string? ContentHash { get; set; }

    /// <summary>For <see cref="FingerprintStatus.Copy"/>: the earlier model whose files are byte for byte the same.</summary>
    public string? CopyOfModelId { get; set; }

    public string? Format { get; set; }
    public long? Parameters { get; set; }
    public int? Layers { get; set; }
    public long? Hidden { get; set; }
    public long? Vocab { get; set; }
    public int? TensorCount { get; set; }

    /// <summary>Parameters in tensors HubWatch could not decode; a copy verdict needs most of a model compared.</summary>
    public long? UnreadParameters { get; set; }

    /// <summary>Which tensors were not read and why ("weights in a format HubWatch does not read"), shortened.</summary>
    public string? Unread { get; set; }

    public long BytesRead { get; set; }
    public int Requests { get; set; }
    public long? FileBytes { get; set; }
    public double Seconds { get; set; }

    /// <summary>The per-tensor samples, sketches and statistics, in HubWatch's compact binary encoding.</summary>
    public byte[]? Tensors { get; set; }
}

public enum FingerprintStatus
{
    Sampled,
    Copy,
    Unsupported,
    Failed,
}
