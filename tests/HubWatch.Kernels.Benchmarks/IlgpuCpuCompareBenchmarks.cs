using BenchmarkDotNet.Attributes;

namespace HubWatch.Kernels.Benchmarks;

/// <summary>
/// The same Compare on ILGPU's CPU accelerator, with a small N because it is slow; per stored fingerprint, with
/// cpu-simd on the same N as the baseline. (On a CUDA machine, KernelPreference.Cuda would go here.)
/// </summary>
[MemoryDiagnoser]
public class IlgpuCpuCompareBenchmarks
{
    private const int Count = 16;

    private readonly CpuSimilarityKernels _cpu = new();
    private KernelHost? _host;
    private float[] _query = [];
    private float[] _stored = [];
    private int[] _segments = [];
    private float[] _cosine = [];
    private float[] _correlation = [];

    [GlobalSetup]
    public void Setup()
    {
        _host = KernelHost.Create(KernelPreference.IlgpuCpu);
        _query = BenchmarkShapes.Random(BenchmarkShapes.Dimension, 1);
        _stored = BenchmarkShapes.Random(BenchmarkShapes.Dimension * Count, 2);
        _segments = BenchmarkShapes.Segments();
        _cosine = new float[Count * BenchmarkShapes.SegmentCount];
        _correlation = new float[Count * BenchmarkShapes.SegmentCount];
    }

    [GlobalCleanup]
    public void Cleanup() => _host?.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "cpu-simd Compare, N=16")]
    public void CpuSimd() => _cpu.Compare(_query, _stored, Count, _segments, _cosine, _correlation);

    [Benchmark(OperationsPerInvoke = Count, Description = "ilgpu-cpu Compare, N=16")]
    public void IlgpuCpu() => _host!.Kernels.Compare(_query, _stored, Count, _segments, _cosine, _correlation);
}
