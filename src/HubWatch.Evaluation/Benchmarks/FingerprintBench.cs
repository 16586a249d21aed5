using System.Diagnostics;
using System.Numerics.Tensors;
using HubWatch.DemoHub.Serving;
using HubWatch.Kernels;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Evaluation.Benchmarks;

/// <summary>
/// <c>hubwatch bench fingerprint</c>: what sampling the demo hub's 70B giant costs (bytes read ÷ model bytes), and how
/// fast one fingerprint is compared with N stored ones, as a ratio to a plain scan of the same memory — the bandwidth
/// limit of any comparison — measured in the same run.
/// </summary>
public static class FingerprintBench
{
    public static async Task<FingerprintBenchmark> RunAsync(DemoHubServer server, int stored, CancellationToken ct)
    {
        var (sample, seconds) = await SampleGiantAsync(server, ct);
        using var host = KernelHost.Create();
        return Compare(sample.Fingerprint, stored, host) with
        {
            Model = sample.Fingerprint.Format,
            Parameters = sample.Fingerprint.Signature.Parameters,
            FileBytes = sample.Cost.FileBytes ?? 0,
            BytesRead = sample.Cost.BytesRead,
            Requests = sample.Cost.Requests,
            SampleSeconds = seconds,
        };
    }

    private static async Task<(WeightSample, double)> SampleGiantAsync(DemoHubServer server, CancellationToken ct)
    {
        using var http = new HttpClient();
        var watch = Stopwatch.StartNew();
        var sample = await DemoHubWeights.SampleShardedAsync(server, DemoHubWeights.Giants(server.Hub)[0], http, ct);
        return (sample, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The giant's anchors as the query; N noisy variants of it as the stored fingerprints.</summary>
    private static FingerprintBenchmark Compare(ModelFingerprint fingerprint, int count, KernelHost host)
    {
        var segments = new int[fingerprint.Tensors.Count + 1];
        for (var i = 0; i < fingerprint.Tensors.Count; i++)
            segments[i + 1] = segments[i] + fingerprint.Tensors[i].Anchor.Length;
        var query = fingerprint.Tensors.SelectMany(t => t.Anchor).ToArray();
        var stored = new float[(long)count * query.Length];
        var random = new Random(1);
        for (var n = 0; n < count; n++)
            for (var i = 0; i < query.Length; i++)
                stored[(long)n * query.Length + i] = query[i] + (float)(0.01 * (random.NextDouble() - 0.5));
        var results = count * fingerprint.Tensors.Count;
        var (cosine, correlation) = (new float[results], new float[results]);

        var scan = Time(() => TensorPrimitives.Sum<float>(stored));
        var cpu = new CpuSimilarityKernels();
        var cpuSeconds = Time(() => cpu.Compare(query, stored, count, segments, cosine, correlation));
        var hostSeconds = host.Kernels.Name == cpu.Name ? (double?)null : Time(() => host.Kernels.Compare(query, stored, count, segments, cosine, correlation));
        var values = (double)stored.Length;
        return new FingerprintBenchmark(count, query.Length, fingerprint.Tensors.Count, values / scan, values / cpuSeconds, host.Description,
            hostSeconds is { } s ? values / s : null);
    }

    /// <summary>Seconds per call: one warm-up, then repeats for about a second, the fastest of three rounds.</summary>
    private static double Time(Action action)
    {
        action();
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var (watch, calls) = (Stopwatch.StartNew(), 0);
            do
            {
                action();
                calls++;
            }
            while (watch.Elapsed < TimeSpan.FromSeconds(0.35));
            best = Math.Min(best, watch.Elapsed.TotalSeconds / calls);
        }
        return best;
    }
}

/// <summary>One run of <c>hubwatch bench fingerprint</c>.</summary>
public sealed record FingerprintBenchmark(int Stored, int Dimensions, int Tensors, double ScanValuesPerSecond, double CpuValuesPerSecond, string Accelerator, double? AcceleratorValuesPerSecond)
{
    public string Model { get; init; } = "";
    public long Parameters { get; init; }
    public long FileBytes { get; init; }
    public long BytesRead { get; init; }
    public int Requests { get; init; }
    public double SampleSeconds { get; init; }

    public double ReadShare => FileBytes == 0 ? 0 : (double)BytesRead / FileBytes;

    /// <summary>Comparison speed as a share of the bandwidth limit.</summary>
    public double CpuRatio => CpuValuesPerSecond / ScanValuesPerSecond;

    public string ToTable() => string.Join(Environment.NewLine,
        $"giant                       {Model}, {Parameters:N0} parameters",
        $"read to fingerprint it      {BytesRead:N0} of {FileBytes:N0} bytes ({ReadShare:P4}) in {Requests:N0} requests, {SampleSeconds:F1} s",
        $"stored fingerprints         {Stored:N0} × {Dimensions:N0} values ({Tensors} tensors)",
        $"memory scan (baseline)      {ScanValuesPerSecond / 1e9,8:F2} G values/s",
        $"compare, cpu-simd           {CpuValuesPerSecond / 1e9,8:F2} G values/s = {CpuValuesPerSecond / Dimensions:N0} fingerprints/s ({CpuRatio:P0} of the scan)",
        AcceleratorValuesPerSecond is { } a
            ? $"compare, {Accelerator,-18} {a / 1e9,8:F2} G values/s = {a / Dimensions:N0} fingerprints/s"
            : $"accelerator                 none besides the CPU ({Accelerator})");
}
