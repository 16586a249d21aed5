using System.Numerics.Tensors;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>The outcome of sampling one model: its fingerprint, the plan that read it and the cost.</summary>
public sealed record WeightSample(ModelFingerprint Fingerprint, SamplingPlan Plan, SamplingCost Cost);

/// <summary>Reads a model's headers and the values its sampling plan asks for, nothing else.</summary>
public static class WeightSampler
{
    public const long DefaultBudget = 64L << 20;

    /// <exception cref="InvalidModelFileException">The file breaks its format's rules; the message says which.</exception>
    public static Task<WeightSample> SampleAsync(IByteSource source, long byteBudget, CancellationToken ct) =>
        SampleAsync([source], byteBudget, ct);

    /// <summary>A model in one file or in shards: one plan over all its tensors, within one budget.</summary>
    public static async Task<WeightSample> SampleAsync(IReadOnlyList<IByteSource> files, long byteBudget, CancellationToken ct)
    {
        var headers = new List<ModelFileHeader>();
        for (var i = 0; i < files.Count; i++)
            headers.Add(await ModelFileHeader.ReadAsync(files[i], ct, i));
        var tensors = headers.SelectMany(h => h.Tensors).ToList();
        var duplicate = tensors.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidModelFileException($"tensor '{duplicate.Key}' is stored in more than one shard");
        var plan = SamplingPlan.For(tensors, byteBudget);

        var fingerprints = new List<TensorFingerprint>(tensors.Count);
        var scales = new Dictionary<StoredTensorInfo, (long First, float[] Values)>();
        var codes = new List<(SampleSegment Segment, float[] Values)>();
        foreach (var range in plan.Ranges)
        {
            var bytes = new byte[range.Length];
            await files[range.File].ReadExactlyAsync(range.Begin, bytes, $"bytes {range.Begin}-{range.End}", ct);
            foreach (var segment in plan.Segments.Where(s => s.Tensor.File == range.File && s.ByteBegin >= range.Begin && s.ByteEnd <= range.End))
            {
                var values = new float[segment.Count];
                TensorCodec.Decode(segment.Tensor.Type, bytes.AsSpan((int)(segment.ByteBegin - range.Begin), (int)(segment.ByteEnd - segment.ByteBegin)), values);
                if (segment.Tensor.CodeScale != 1)
                    TensorPrimitives.Multiply(values, segment.Tensor.CodeScale, values);
                if (segment.Tensor.Scale is not null)
                    codes.Add((segment, values)); // finished once its scales are in
                else if (plan.Anchors.ContainsKey(segment.Tensor.Name))
                    fingerprints.Add(Fingerprint(segment, values, plan));
                else
                    scales[segment.Tensor] = (segment.FirstElement, values);
            }
        }
        foreach (var (segment, values) in codes)
        {
            Scale(segment, values, scales[segment.Tensor.Scale!]);
            fingerprints.Add(Fingerprint(segment, values, plan));
        }

        var order = tensors.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        var fingerprint = new ModelFingerprint(
            headers[0].Format + (files.Count > 1 ? $" × {files.Count} shards" : ""),
            ArchitectureSignature.Of(tensors),
            [.. fingerprints.OrderBy(f => order[f.Name])],
            [.. headers.SelectMany(h => h.Skipped)]);
        var cost = new SamplingCost(files.Sum(f => f.BytesRead), files.Sum(f => f.Requests),
            files.All(f => f.Length is not null) ? files.Sum(f => f.Length!.Value) : null, plan.Bytes, plan.Ranges.Count);
        return new WeightSample(fingerprint, plan, cost);
    }

    private static TensorFingerprint Fingerprint(SampleSegment segment, float[] values, SamplingPlan plan)
    {
        var anchor = plan.Anchors[segment.Tensor.Name];
        var t = segment.Tensor;
        return new TensorFingerprint(t.Name, t.Shape, t.Type, anchor.FirstElement,
            values.AsSpan((int)(anchor.FirstElement - segment.FirstElement), anchor.Count).ToArray(),
            ValueSketch.Of(values), TensorStatistics.Of(values));
    }

    /// <summary>Codes × their block's, row's or tensor's scale.</summary>
    /// <exception cref="InvalidModelFileException">A scale is NaN or infinite: every value it scales would be.</exception>
    private static void Scale(SampleSegment segment, Span<float> values, (long First, float[] Values) scales)
    {
        var scale = segment.Tensor.Scale!;
        if (scales.Values.FirstOrDefault(s => !float.IsFinite(s)) is var bad && !float.IsFinite(bad))
            throw new InvalidModelFileException($"{scale.Name} holds a scale that is not a finite number ({bad})");
        var columns = segment.Tensor.Shape[^1];
        var block = segment.Tensor.ScaleBlock;
        var perBlockRow = block > 0 ? scale.Shape[^1] : 0;
        for (var i = 0; i < values.Length; i++)
        {
            var element = segment.FirstElement + i;
            var index = scale.Elements == 1 ? 0
                : block > 0 ? element / columns / block * perBlockRow + element % columns / block
                : element / columns;
            values[i] *= scales.Values[index - (scale.Elements == 1 ? 0 : scales.First)];
        }
    }
}
