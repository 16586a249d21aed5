using HubWatch.Domain.Hashing;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>A run of consecutive values of one tensor to read.</summary>
public sealed record SampleSegment(StoredTensorInfo Tensor, long FirstElement, int Count)
{
    public long ByteBegin => Tensor.Begin + FirstElement / TensorCodec.BlockSize(Tensor.Type) * TensorCodec.BytesPerBlock(Tensor.Type);
    public long ByteEnd => Tensor.Begin + (FirstElement + Count) / TensorCodec.BlockSize(Tensor.Type) * TensorCodec.BytesPerBlock(Tensor.Type);
    public long LastElement => FirstElement + Count;

    public bool Contains(SampleSegment other) => FirstElement <= other.FirstElement && other.LastElement <= LastElement;
}

/// <summary>A byte range of the file covering one or more segments (neighbours coalesced to keep requests few).</summary>
public sealed record ByteRange(long Begin, long End, int File = 0)
{
    public long Length => End - Begin;
}

/// <summary>
/// Which values of a weight file to read. Every tensor has an <em>anchor</em>: <see cref="AnchorValues"/> consecutive
/// values at a position that depends only on the tensor's shape, so every model of an architecture is sampled at the
/// same places — also after its tensors were renamed or re-encoded — and anchors compare value for value. Around the
/// anchor the plan reads a block of whole rows (one contiguous range, so one request per tensor) as far as the budget
/// allows, for the statistics; small tensors are read whole.
/// </summary>
public sealed class SamplingPlan
{
    /// <summary>Values compared value for value: a cosine of 512 values has a null spread of 1/√512 ≈ 0.044.</summary>
    public const int AnchorValues = 512;

    /// <summary>Rows read around the anchor at most; more rows add little to the statistics.</summary>
    public const int MaxBlockRows = 8;

    /// <summary>Two ranges closer than this are read as one: a request costs more than a few kB.</summary>
    public const long CoalesceGap = 64 * 1024;

    /// <summary>Anchor columns are multiples of the k-quant super-block, which every ggml block size divides.</summary>
    private const int ColumnAlignment = 256;

    private SamplingPlan(IReadOnlyList<SampleSegment> segments, IReadOnlyDictionary<string, SampleSegment> anchors, IReadOnlyList<ByteRange> ranges)
    {
        Segments = segments;
        Anchors = anchors;
        Ranges = ranges;
    }

    /// <summary>What is read: one segment per tensor, plus the scale rows of int8 tensors.</summary>
    public IReadOnlyList<SampleSegment> Segments { get; }

    /// <summary>By tensor name: the part of its segment kept as the comparable sample.</summary>
    public IReadOnlyDictionary<string, SampleSegment> Anchors { get; }

    public IReadOnlyList<ByteRange> Ranges { get; }
    public long Bytes => Ranges.Sum(r => r.Length);

    /// <exception cref="ByteBudgetExceededException">The budget does not cover even the anchors.</exception>
    public static SamplingPlan For(IReadOnlyList<StoredTensorInfo> tensors, long byteBudget)
    {
        var anchors = tensors.ToDictionary(t => t.Name, AnchorOf, StringComparer.Ordinal);
        var minimum = Coalesce(WithScales(anchors.Values)).Sum(r => r.Length);
        if (minimum > byteBudget)
            throw new ByteBudgetExceededException($"a budget of {byteBudget:N0} bytes does not cover the {minimum:N0} bytes of the {tensors.Count} tensors' anchors");
        var perTensor = Math.Max(1024, byteBudget / Math.Max(1, tensors.Count));
        for (; perTensor >= 1024; perTensor /= 2)
        {
            // many or large tensors: fewer rows each, down to the anchors; the bytes read stay within the budget
            var segments = WithScales(tensors.Select(t => SegmentOf(t, anchors[t.Name], perTensor))).ToList();
            var ranges = Coalesce(segments);
            if (ranges.Sum(r => r.Length) <= byteBudget)
                return new SamplingPlan(segments, anchors, ranges);
        }
        var least = WithScales(anchors.Values).ToList();
        return new SamplingPlan(least, anchors, Coalesce(least));
    }

    /// <summary>The first anchor value: row and column drawn from the shape alone (rows first, then a column window).</summary>
    public static SampleSegment AnchorOf(StoredTensorInfo tensor)
    {
        var count = (int)Math.Min(tensor.Elements, AnchorValues);
        if (tensor.Shape.Length < 2 || tensor.Elements <= AnchorValues)
            return new SampleSegment(tensor, 0, count);
        var columns = tensor.Shape[^1];
        var rows = tensor.Elements / columns;
        var key = CounterHash.Key(0x5A4D_504C, string.Join('x', tensor.Shape));
        var row = CounterHash.Below(key, 0, Math.Max(1, rows - MaxBlockRows + 1));
        var column = columns >= AnchorValues + ColumnAlignment ? CounterHash.Below(key, 1, (columns - AnchorValues) / ColumnAlignment + 1) * ColumnAlignment : 0;
        return new SampleSegment(tensor, Math.Min(row * columns + column, tensor.Elements - count), count);
    }

    /// <summary>What to read of one tensor for about <paramref name="bytes"/>: whole, a block of whole rows, or a run of one row.</summary>
    private static SampleSegment SegmentOf(StoredTensorInfo tensor, SampleSegment anchor, long bytes)
    {
        var block = TensorCodec.BlockSize(tensor.Type);
        var affordable = Math.Max(block, bytes / TensorCodec.BytesPerBlock(tensor.Type) * block);
        if (tensor.Elements <= affordable)
            return new SampleSegment(tensor, 0, (int)tensor.Elements);
        if (tensor.Shape.Length < 2)
            return new SampleSegment(tensor, 0, (int)Math.Max(anchor.Count, affordable));
        var columns = tensor.Shape[^1];
        var rows = tensor.Elements / columns;
        var anchorRow = anchor.FirstElement / columns;
        var blockRows = Math.Min(Math.Min(MaxBlockRows, affordable / columns), rows - anchorRow);
        if (blockRows >= 1)
        {
            var first = anchorRow * columns;
            return new SampleSegment(tensor, first, (int)(Math.Max(first + blockRows * columns, anchor.LastElement) - first));
        }
        // a row longer than the budget: a run of it starting at the anchor
        var end = Math.Max(anchor.LastElement, Math.Min((anchorRow + 1) * columns, anchor.FirstElement + affordable));
        return new SampleSegment(tensor, anchor.FirstElement, (int)(end - anchor.FirstElement));
    }

    /// <summary>Int8 values are codes: the scale entries of the rows read come along.</summary>
    private static IEnumerable<SampleSegment> WithScales(IEnumerable<SampleSegment> segments)
    {
        foreach (var segment in segments)
        {
            yield return segment;
            if (segment.Tensor.Scale is not { } scale)
                continue;
            if (scale.Elements == 1)
            {
                yield return new SampleSegment(scale, 0, 1);
                continue;
            }
            var columns = segment.Tensor.Shape[^1];
            var (firstRow, lastRow) = (segment.FirstElement / columns, (segment.LastElement - 1) / columns);
            if (segment.Tensor.ScaleBlock is var block and > 0)
            {
                // every block of the block rows the segment touches
                var perBlockRow = scale.Shape[^1];
                yield return new SampleSegment(scale, firstRow / block * perBlockRow, (int)((lastRow / block - firstRow / block + 1) * perBlockRow));
                continue;
            }
            yield return new SampleSegment(scale, firstRow, (int)(lastRow - firstRow + 1));
        }
    }

    private static List<ByteRange> Coalesce(IEnumerable<SampleSegment> segments)
    {
        var ranges = new List<ByteRange>();
        foreach (var (file, begin, end) in segments.Select(s => (s.Tensor.File, s.ByteBegin, s.ByteEnd)).OrderBy(r => r.File).ThenBy(r => r.ByteBegin))
        {
            // a gap is read along only when it is short and no longer than the data after it: at most twice the bytes
            var gap = ranges.Count > 0 ? begin - ranges[^1].End : long.MaxValue;
            if (ranges.Count > 0 && ranges[^1].File == file && gap <= CoalesceGap && gap <= end - begin)
                ranges[^1] = ranges[^1] with { End = Math.Max(ranges[^1].End, end) };
            else
                ranges.Add(new ByteRange(begin, end, file));
        }
        return ranges;
    }
}
