using HubWatch.Formats.Encoding;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>
/// One tensor as HubWatch remembers it: the anchor values (the same positions in every model of its shape, see
/// <see cref="SamplingPlan.AnchorOf"/>), a position-free <see cref="ValueSketch"/> and the statistics of all values read.
/// </summary>
/// <param name="AnchorElement">Flat index of the first anchor value in the tensor.</param>
public sealed record TensorFingerprint(string Name, long[] Shape, TensorType Type, long AnchorElement, float[] Anchor, float[] Sketch, TensorStatistics Statistics)
{
    /// <summary>The <see cref="SamplingPlan.CrossOf"/> block (8 × 8, row by row) when the read covered it, else empty.</summary>
    public float[] Cross { get; init; } = [];

    /// <summary>Flat index in the tensor of anchor value <paramref name="i"/> (the anchor is a patch, row by row).</summary>
    public long ElementOf(int i)
    {
        var patch = SamplingPlan.AnchorOf(Shape);
        return (patch.Row + i / patch.Columns) * TensorWindow.All(Shape).Columns + patch.Column + i % patch.Columns;
    }
}

/// <summary>A model's weights in a few kB per tensor: what the classifier compares.</summary>
/// <param name="UnreadParameters">Parameters in tensors HubWatch could not decode (<paramref name="Skipped"/> says which and why).</param>
public sealed record ModelFingerprint(string Format, ArchitectureSignature Signature, IReadOnlyList<TensorFingerprint> Tensors, IReadOnlyList<string> Skipped, long UnreadParameters = 0);

/// <summary>What sampling a model cost.</summary>
/// <param name="FileBytes">The weight files' total size, when the sources told it.</param>
public sealed record SamplingCost(long BytesRead, int Requests, long? FileBytes, long PlannedBytes, int Ranges);
