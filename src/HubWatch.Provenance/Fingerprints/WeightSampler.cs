using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>The outcome of sampling one model: its fingerprint, the plan that read it and the cost.</summary>
public sealed record WeightSample(ModelFingerprint Fingerprint, SamplingPlan Plan, SamplingCost Cost);

/// <summary>Reads a model's headers and the values its sampling plan asks for, nothing else.</summary>
public static class WeightSampler
{
    /// <summary>256 MiB: a 70B model's anchors take about 90 MiB in BF16 and 205 MiB in GPTQ 4-bit; a 7B's bands about 20 MiB.</summary>
    public const long DefaultBudget = 256L << 20;

    /// <exception cref="InvalidModelFileException">The file breaks its format's rules; the message says which.</exception>
    public static Task<WeightSample> SampleAsync(IByteSource source, long byteBudget, CancellationToken ct) =>
        SampleAsync([source], byteBudget, ct);

    /// <summary>A model in one file or in shards: one plan over all its tensors, within one budget.</summary>
    /// <param name="quantization">Reads the repository's quantisation config (once), when a file has packed layers.</param>
    public static async Task<WeightSample> SampleAsync(IReadOnlyList<IByteSource> files, long byteBudget, CancellationToken ct, Func<CancellationToken, Task<QuantizationConfig?>>? quantization = null)
    {
        Task<QuantizationConfig?>? config = null;
        var once = quantization is null ? null : new Func<CancellationToken, Task<QuantizationConfig?>>(c => config ??= quantization(c));
        var (headers, tensors, crossSkipped, crossUnread) = await ModelTensors.ReadAsync(files, ct, once);
        var plan = SamplingPlan.For(tensors, byteBudget);

        // each window is decoded as soon as its spans are in, and a range is let go once no window waits for it
        var fetched = new FetchedBytes();
        var pending = plan.Segments.Select(s => (Segment: s, Spans: s.Spans.ToList())).ToList();
        var fingerprints = new List<TensorFingerprint>(tensors.Count);
        foreach (var range in plan.Ranges)
        {
            var bytes = new byte[range.Length];
            await files[range.File].ReadExactlyAsync(range.Begin, bytes, $"bytes {range.Begin}-{range.End}", ct);
            fetched.Add(range, bytes);
            foreach (var ready in pending.Where(p => p.Spans.All(fetched.Covers)).ToList())
            {
                var values = new float[ready.Segment.Window.Count];
                ready.Segment.Tensor.Layout.Decode(ready.Segment.Tensor, ready.Segment.Window, fetched, values);
                RequireFinite(ready.Segment, values);
                fingerprints.Add(Fingerprint(ready.Segment, values, plan));
                pending.Remove(ready);
            }
            fetched.KeepOnly(pending.SelectMany(p => p.Spans));
        }

        var order = tensors.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var fingerprint = new ModelFingerprint(
            headers[0].Format + (files.Count > 1 ? $" × {files.Count} shards" : ""),
            ArchitectureSignature.Of(tensors),
            [.. fingerprints.OrderBy(f => order[f.Name])],
            [.. headers.SelectMany(h => h.Skipped), .. crossSkipped],
            headers.Sum(h => h.UnreadParameters) + crossUnread);
        var cost = new SamplingCost(files.Sum(f => f.BytesRead), files.Sum(f => f.Requests),
            files.All(f => f.Length is not null) ? files.Sum(f => f.Length!.Value) : null, plan.Bytes, plan.Ranges.Count);
        return new WeightSample(fingerprint, plan, cost);
    }

    /// <summary>
    /// A NaN or infinity poisons every statistic of the tensor, and in a block format it comes from a scale that
    /// broke the format (ggml decodes an fp16 NaN d into 32 or 256 NaN values): refused, naming where.
    /// </summary>
    private static void RequireFinite(SampleSegment segment, float[] values)
    {
        if (Array.FindIndex(values, v => !float.IsFinite(v)) is var bad and >= 0)
        {
            var (t, window) = (segment.Tensor, segment.Window);
            throw new InvalidModelFileException(
                $"tensor '{t.Name}' ({t.Layout.Describe(t)}) decodes to {values[bad]} at row {window.Row + (bad / window.Columns)}, column {window.Column + (bad % window.Columns)}: a scale or value that is not a finite number");
        }
    }

    private static TensorFingerprint Fingerprint(SampleSegment segment, float[] values, SamplingPlan plan)
    {
        var (t, anchor) = (segment.Tensor, plan.Anchors[segment.Tensor.Name]);
        var cross = SamplingPlan.CrossOf(t.Shape) is { } block && segment.Window.Contains(block) ? segment.Window.Extract(values, block) : [];
        return new TensorFingerprint(t.Name, t.Shape, t.Type, anchor.Row * TensorWindow.All(t.Shape).Columns + anchor.Column,
            segment.Window.Extract(values, anchor), ValueSketch.Of(values), TensorStatistics.Of(values))
        { Cross = cross };
    }
}
