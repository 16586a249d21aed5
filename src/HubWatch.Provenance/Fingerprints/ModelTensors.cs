using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>Every tensor of a model in one file or in shards, from the headers alone, scales paired across shards.</summary>
public sealed record ModelTensors(IReadOnlyList<ModelFileHeader> Headers, IReadOnlyList<StoredTensorInfo> Tensors, IReadOnlyList<string> CrossSkipped, long CrossUnread)
{
    /// <exception cref="InvalidModelFileException">A file breaks its format's rules, or a tensor is in two shards.</exception>
    public static async Task<ModelTensors> ReadAsync(IReadOnlyList<IByteSource> files, CancellationToken ct, Func<CancellationToken, Task<QuantizationConfig?>>? quantization = null)
    {
        var headers = new List<ModelFileHeader>();
        for (var i = 0; i < files.Count; i++)
            headers.Add(await ModelFileHeader.ReadAsync(files[i], ct, i, quantization));
        var duplicate = headers.SelectMany(h => h.Tensors).GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidModelFileException($"tensor '{duplicate.Key}' is stored in more than one shard");
        // codes whose scales a shard writer put in the next shard are paired across files (each file paired its own)
        var (crossSkipped, crossUnread) = (new List<string>(), 0L);
        var tensors = ModelFileHeader.WithScales([.. headers.SelectMany(h => h.Tensors)], 1, crossSkipped, ref crossUnread);
        return new ModelTensors(headers, tensors, crossSkipped, crossUnread);
    }

    /// <summary>Reads the windows, each decoded to floats row by row, in coalesced ranges.</summary>
    public static async Task<float[][]> ReadWindowsAsync(IReadOnlyList<IByteSource> files, IReadOnlyList<SampleSegment> segments, CancellationToken ct)
    {
        var fetched = new FetchedBytes();
        foreach (var range in SamplingPlan.Coalesce(segments))
        {
            var bytes = new byte[range.Length];
            await files[range.File].ReadExactlyAsync(range.Begin, bytes, $"bytes {range.Begin}-{range.End}", ct);
            fetched.Add(range, bytes);
        }
        return [.. segments.Select(s =>
        {
            var values = new float[s.Window.Count];
            s.Tensor.Layout.Decode(s.Tensor, s.Window, fetched, values);
            return values;
        })];
    }
}
