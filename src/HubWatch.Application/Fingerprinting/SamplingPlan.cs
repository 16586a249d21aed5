using HubWatch.DemoHub.Weights;
using HubWatch.Formats.Encoding;

namespace HubWatch.Application.Fingerprinting;

/// <summary>A run of consecutive values of one tensor to read.</summary>
public sealed record SampleSegment(StoredTensorInfo Tensor, long FirstElement, int Count)
{
    public long ByteBegin => Tensor.Begin + FirstElement / TensorCodec.BlockSize(Tensor.Type) * TensorCodec.BytesPerBlock(Tensor.Type);
    public long ByteEnd => Tensor.Begin + (FirstElement + Count) / TensorCodec.BlockSize(Tensor.Type) * TensorCodec.BytesPerBlock(Tensor.Type);
}

/// <summary>A byte range of the file covering one or more segments (neighbours coalesced to keep requests few).</summary>
public sealed record ByteRange(long Begin, long End, int File = 0)
{
    public long Length => End - Begin;
}

/// <summary>
/// Which values of a weight file to read: a few rows of every tensor, at positions that depend only on the tensor's
/// shape, so every model of an architecture is sampled at the same places — also after tensors were renamed or
/// converted — and the samples can be compared value for value. Vectors (norms, biases) are read whole.
/// </summary>
public sealed class SamplingPlan
{
    /// <summary>Rows sampled per matrix: enough for per-tensor statistics and correlations, cheap at any scale.</summary>
    public const int RowsPerTensor = 8;

    /// <summary>Two ranges closer than this are read as one: a request costs more than a few kB.</summary>
    public const long CoalesceGap = 64 * 1024;

    private SamplingPlan(IReadOnlyList<SampleSegment> segments, IReadOnlyList<ByteRange> ranges)
    {
        Segments = segments;
        Ranges = ranges;
    }

    public IReadOnlyList<SampleSegment> Segments { get; }
    public IReadOnlyList<ByteRange> Ranges { get; }
    public long Bytes => Ranges.Sum(r => r.Length);

    public static SamplingPlan For(IReadOnlyList<StoredTensorInfo> tensors, long byteBudget)
    {
        if (tensors.Count == 0)
            return new SamplingPlan([], []);
        var perTensor = Math.Max(1024, byteBudget / tensors.Count);
        var segments = tensors.SelectMany(t => SegmentsOf(t, perTensor)).ToList();
        var ranges = Coalesce(segments);
        while (ranges.Sum(r => r.Length) > byteBudget && perTensor > 1024)
        {
            perTensor /= 2; // many tensors: fewer values each; the bytes actually read stay within the budget
            segments = [.. tensors.SelectMany(t => SegmentsOf(t, perTensor))];
            ranges = Coalesce(segments);
        }
        return new SamplingPlan(segments, ranges);
    }

    private static IEnumerable<SampleSegment> SegmentsOf(StoredTensorInfo tensor, long bytes)
    {
        var block = TensorCodec.BlockSize(tensor.Type);
        var blockBytes = TensorCodec.BytesPerBlock(tensor.Type);
        var affordable = Math.Max(block, bytes / blockBytes * block); // values, in whole blocks
        if (tensor.Shape.Length < 2 || tensor.Elements <= affordable)
        {
            yield return new SampleSegment(tensor, 0, (int)Math.Min(tensor.Elements, affordable));
            yield break;
        }
        var rows = tensor.Elements / tensor.Shape[^1];
        var columns = tensor.Shape[^1];
        var take = Math.Min(RowsPerTensor, rows);
        var perRow = Math.Max(block, affordable / take / block * block);
        var key = CounterRandom.Key(0x5A4D_504C, string.Join('x', tensor.Shape)); // by shape only: the same places in every model
        var picked = new SortedSet<long>();
        for (var i = 0; picked.Count < take; i++)
            picked.Add((long)(CounterRandom.Hash(key, i) % (ulong)rows));
        foreach (var row in picked)
        {
            var count = Math.Min(perRow, columns / block * block);
            var start = count >= columns ? 0 : (long)(CounterRandom.Hash(key, -1 - row) % (ulong)((columns - count) / block + 1)) * block;
            yield return new SampleSegment(tensor, row * columns + start, (int)count);
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
