using HubWatch.Formats.Reading;

namespace HubWatch.Application.Fingerprinting;

/// <summary>The outcome of sampling one weight file.</summary>
public sealed record WeightSample(
    string Format,
    ArchitectureSignature Signature,
    SamplingPlan Plan,
    IReadOnlyDictionary<string, float[]> Values,
    IReadOnlyDictionary<string, TensorStatistics> Statistics,
    IReadOnlyList<string> Skipped,
    long BytesRead,
    int Requests,
    long? FileBytes);

/// <summary>Reads a weight file's header and the values its sampling plan asks for, nothing else.</summary>
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
        var plan = SamplingPlan.For(tensors, byteBudget);
        var values = new Dictionary<string, List<float>>(StringComparer.Ordinal);
        foreach (var range in plan.Ranges)
        {
            var bytes = new byte[range.Length];
            await files[range.File].ReadExactlyAsync(range.Begin, bytes, $"bytes {range.Begin}-{range.End}", ct);
            foreach (var segment in plan.Segments.Where(s => s.Tensor.File == range.File && s.ByteBegin >= range.Begin && s.ByteEnd <= range.End))
            {
                var decoded = new float[segment.Count];
                var slice = bytes.AsSpan((int)(segment.ByteBegin - range.Begin), (int)(segment.ByteEnd - segment.ByteBegin));
                Formats.Encoding.TensorCodec.Decode(segment.Tensor.Type, slice, decoded);
                if (!values.TryGetValue(segment.Tensor.Name, out var list))
                    values[segment.Tensor.Name] = list = [];
                list.AddRange(decoded);
            }
        }
        var arrays = values.ToDictionary(v => v.Key, v => v.Value.ToArray(), StringComparer.Ordinal);
        return new WeightSample(headers[0].Format + (files.Count > 1 ? $" × {files.Count} shards" : ""), ArchitectureSignature.Of(tensors), plan, arrays,
            arrays.ToDictionary(v => v.Key, v => TensorStatistics.Of(v.Value), StringComparer.Ordinal),
            [.. headers.SelectMany(h => h.Skipped)], files.Sum(f => f.BytesRead), files.Sum(f => f.Requests),
            files.All(f => f.Length is not null) ? files.Sum(f => f.Length!.Value) : null);
    }
}
