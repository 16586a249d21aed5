using HubWatch.Domain.Hashing;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>A window of one tensor to read; its layout says which bytes that takes.</summary>
public sealed record SampleSegment(StoredTensorInfo Tensor, TensorWindow Window)
{
    public IEnumerable<ByteSpan> Spans => Tensor.Layout.Spans(Tensor, Window);
}

/// <summary>A byte range of the file covering one or more segments (neighbours coalesced to keep requests few).</summary>
public sealed record ByteRange(long Begin, long End, int File = 0)
{
    public long Length => End - Begin;
}

/// <summary>
/// Which values of a weight file to read. Every tensor has an <em>anchor</em>: a patch of <see cref="AnchorValues"/>
/// values (8 rows × 64 columns of a matrix) at a position that depends only on the tensor's shape, so every model of an
/// architecture is sampled at the same places — also after its tensors were renamed or re-encoded — and anchors compare
/// value for value. A patch, not a run of one row, because some formats store a matrix by columns (GPTQ and AWQ pack
/// along the input dimension): 8 whole rows of the one and 64 whole columns of the other both hold it. Around the anchor
/// the plan reads that band of whole rows (or columns) when the budget allows, for the statistics; small tensors whole.
/// </summary>
public sealed class SamplingPlan
{
    /// <summary>Values compared value for value: a cosine of 512 values has a null spread of 1/√512 ≈ 0.044.</summary>
    public const int AnchorValues = 512;

    /// <summary>The anchor's rows in a matrix with at least 64 columns; narrower ones get more rows, up to 512 values.</summary>
    public const int AnchorRows = 8;

    /// <summary>Two ranges closer than this are read as one: a request costs more than a few kB.</summary>
    public const long CoalesceGap = 64 * 1024;

    /// <summary>Anchor columns start at multiples of the k-quant super-block, which every ggml block size and GPTQ group divides.</summary>
    private const int ColumnAlignment = 256;

    private SamplingPlan(IReadOnlyList<SampleSegment> segments, IReadOnlyDictionary<string, TensorWindow> anchors, IReadOnlyList<ByteRange> ranges)
    {
        Segments = segments;
        Anchors = anchors;
        Ranges = ranges;
    }

    /// <summary>What is read: one window per tensor.</summary>
    public IReadOnlyList<SampleSegment> Segments { get; }

    /// <summary>By tensor name: the part of its window kept as the comparable sample.</summary>
    public IReadOnlyDictionary<string, TensorWindow> Anchors { get; }

    public IReadOnlyList<ByteRange> Ranges { get; }
    public long Bytes => Ranges.Sum(r => r.Length);

    /// <exception cref="ByteBudgetExceededException">The budget does not cover even the anchors.</exception>
    public static SamplingPlan For(IReadOnlyList<StoredTensorInfo> tensors, long byteBudget)
    {
        var anchors = tensors.ToDictionary(t => t.Name, t => AnchorOf(t.Shape), StringComparer.Ordinal);
        var least = tensors.Select(t => new SampleSegment(t, anchors[t.Name])).ToList();
        var minimum = Coalesce(least).Sum(r => r.Length);
        if (minimum > byteBudget)
            throw new ByteBudgetExceededException($"a budget of {byteBudget:N0} bytes does not cover the {minimum:N0} bytes of the {tensors.Count} tensors' anchors");
        for (var perTensor = Math.Max(1024, byteBudget / Math.Max(1, tensors.Count)); perTensor >= 1024; perTensor /= 2)
        {
            // many or large tensors: bands instead of whole tensors, down to the anchors; the bytes read stay within the budget
            var segments = tensors.Select(t => SegmentOf(t, anchors[t.Name], perTensor)).ToList();
            var ranges = Coalesce(segments);
            if (ranges.Sum(r => r.Length) <= byteBudget)
                return new SamplingPlan(segments, anchors, ranges);
        }
        return new SamplingPlan(least, anchors, Coalesce(least));
    }

    /// <summary>The anchor patch of a tensor of this shape: rows and a column window drawn from the shape alone.</summary>
    public static TensorWindow AnchorOf(long[] shape)
    {
        var all = TensorWindow.All(shape);
        if (all.Count <= AnchorValues)
            return all;
        var rows = Math.Min(all.Rows, all.Columns >= AnchorValues / AnchorRows ? AnchorRows : AnchorValues / all.Columns);
        var columns = Math.Min(all.Columns, AnchorValues / rows);
        var key = CounterHash.Key(0x5A4D_504C, string.Join('x', shape));
        var row = CounterHash.Below(key, 0, all.Rows - rows + 1);
        var column = all.Columns >= columns + ColumnAlignment ? CounterHash.Below(key, 1, (all.Columns - columns) / ColumnAlignment + 1) * ColumnAlignment : 0;
        return new TensorWindow(row, rows, column, columns);
    }

    /// <summary>
    /// The cross block of a matrix [a, b]: the anchor's rows, at the columns where the transposed shape [b, a] puts its
    /// anchor's rows. A copy stored transposed (<c>[in, out]</c>, as ONNX, TF/Keras and Flax export) keeps that block,
    /// transposed, as its own cross block: both sides hold the same 8 × 8 values, whatever part of each was read. Null
    /// for vectors and matrices narrower than an anchor's 64 columns.
    /// </summary>
    public static TensorWindow? CrossOf(long[] shape)
    {
        var anchor = AnchorOf(shape);
        if (shape.Length != 2 || anchor.Rows != AnchorRows || shape[0] < AnchorRows || shape[1] < AnchorValues / AnchorRows)
            return null;
        var transposed = AnchorOf([shape[1], shape[0]]);
        return new TensorWindow(anchor.Row, AnchorRows, transposed.Row, AnchorRows);
    }

    /// <summary>What to read of one tensor for about <paramref name="bytes"/>: whole, the band of whole rows (or columns) through its anchor, or the anchor.</summary>
    private static SampleSegment SegmentOf(StoredTensorInfo tensor, TensorWindow anchor, long bytes)
    {
        var all = TensorWindow.All(tensor.Shape);
        var band = tensor.Layout.ByColumns ? new TensorWindow(0, all.Rows, anchor.Column, anchor.Columns) : new TensorWindow(anchor.Row, anchor.Rows, 0, all.Columns);
        foreach (var window in (TensorWindow[])[all, band])
        {
            if (tensor.Layout.Spans(tensor, window).Sum(s => s.Length) <= bytes)
                return new SampleSegment(tensor, window);
        }
        return new SampleSegment(tensor, anchor);
    }

    /// <summary>The segments' bytes as few ranges: neighbours closer than <see cref="CoalesceGap"/> read as one.</summary>
    public static List<ByteRange> Coalesce(IEnumerable<SampleSegment> segments)
    {
        var ranges = new List<ByteRange>();
        foreach (var span in segments.SelectMany(s => s.Spans).OrderBy(s => s.File).ThenBy(s => s.Begin))
        {
            // a gap is read along only when it is short and no longer than the data after it: at most twice the bytes
            var gap = ranges.Count > 0 ? span.Begin - ranges[^1].End : long.MaxValue;
            if (ranges.Count > 0 && ranges[^1].File == span.File && gap <= CoalesceGap && gap <= span.Length)
                ranges[^1] = ranges[^1] with { End = Math.Max(ranges[^1].End, span.End) };
            else
                ranges.Add(new ByteRange(span.Begin, span.End, span.File));
        }
        return ranges;
    }
}
