namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// How a weight's values are stored: which bytes a window of it needs, and how those bytes become its values. One
/// tensor of codes in its own encoding (<see cref="PlainLayout"/>), codes with a tensor of scales beside them
/// (<see cref="ScaledLayout"/>), or the several tensors of a packed quantisation (GPTQ, AWQ, bitsandbytes 4-bit, MLX).
/// </summary>
public interface IWeightLayout
{
    /// <summary>
    /// Whether whole columns, not whole rows, lie together: formats packed along the input dimension (GPTQ, AWQ) store a
    /// linear layer's matrix transposed, so the plan reads a band of columns of them.
    /// </summary>
    bool ByColumns { get; }

    /// <summary>What the format is, for the people reading a verdict: "BF16", "GPTQ 4-bit, groups of 128".</summary>
    string Describe(StoredTensorInfo tensor);

    /// <summary>The bytes to read for <paramref name="window"/>: a few contiguous spans, whole quantisation blocks.</summary>
    IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window);

    /// <summary>The window's values, row by row, from the bytes its spans brought back.</summary>
    /// <exception cref="HubWatch.Formats.Reading.InvalidModelFileException">The bytes break the format (a NaN scale, an index out of range).</exception>
    void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values);
}
