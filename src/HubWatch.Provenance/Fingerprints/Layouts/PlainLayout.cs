using HubWatch.Formats.Encoding;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>One tensor of values or block-quantised codes, row-major, each block its own scale (floats, ggml types, unscaled int8).</summary>
public sealed class PlainLayout : IWeightLayout
{
    public static readonly PlainLayout Instance = new();

    private PlainLayout()
    {
    }

    public bool ByColumns => false;

    public string Describe(StoredTensorInfo tensor) => tensor.Type.ToString();

    public IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window) => [RunOf(tensor, window).Span];

    public void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values)
    {
        var (first, count, span) = RunOf(tensor, window);
        var columns = TensorWindow.All(tensor.Shape).Columns;
        if (first == window.Row * columns + window.Column && count == window.Count)
        {
            TensorCodec.Decode(tensor.Type, bytes.Of(span), values); // whole rows, or one run of a row: the run is the window
            return;
        }
        var run = new float[count];
        TensorCodec.Decode(tensor.Type, bytes.Of(span), run);
        for (var r = 0; r < window.Rows; r++)
            run.AsSpan((int)((window.Row + r) * columns + window.Column - first), (int)window.Columns).CopyTo(values[(int)(r * window.Columns)..]);
    }

    /// <summary>The elements from the window's first to its last, widened to whole blocks: one contiguous span.</summary>
    public static (long First, long Count, ByteSpan Span) RunOf(StoredTensorInfo tensor, TensorWindow window)
    {
        var columns = TensorWindow.All(tensor.Shape).Columns;
        var (block, blockBytes) = (TensorCodec.BlockSize(tensor.Type), TensorCodec.BytesPerBlock(tensor.Type));
        var first = (window.Row * columns + window.Column) / block * block;
        var last = (window.Row + window.Rows - 1) * columns + window.Column + window.Columns;
        var end = (last + block - 1) / block * block;
        return (first, end - first, new ByteSpan(tensor.File, tensor.Begin + first / block * blockBytes, tensor.Begin + end / block * blockBytes));
    }
}
