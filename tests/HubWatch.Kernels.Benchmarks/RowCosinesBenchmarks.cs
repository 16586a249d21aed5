using BenchmarkDotNet.Attributes;

namespace HubWatch.Kernels.Benchmarks;

/// <summary>All-pairs row cosines of two 512×16 matrices (262,144 cosines), the input of permutation matching.</summary>
[MemoryDiagnoser]
public class RowCosinesBenchmarks
{
    private const int Rows = 512, Width = 16;

    private readonly CpuSimilarityKernels _cpu = new();
    private KernelHost? _host;
    private float[] _a = [];
    private float[] _b = [];
    private float[] _result = [];

    [GlobalSetup]
    public void Setup()
    {
        _host = KernelHost.Create(KernelPreference.IlgpuCpu);
        _a = BenchmarkShapes.Random(Rows * Width, 3);
        _b = BenchmarkShapes.Random(Rows * Width, 4);
        _result = new float[Rows * Rows];
        _cpu.RowCosines(_a, Rows, _b, Rows, Width, _result); // so that Matching alone sees real cosines
    }

    [GlobalCleanup]
    public void Cleanup() => _host?.Dispose();

    [Benchmark(Baseline = true, Description = "cpu-simd RowCosines 512×512×16")]
    public void CpuSimd() => _cpu.RowCosines(_a, Rows, _b, Rows, Width, _result);

    [Benchmark(Description = "ilgpu-cpu RowCosines 512×512×16")]
    public void IlgpuCpu() => _host!.Kernels.RowCosines(_a, Rows, _b, Rows, Width, _result);

    [Benchmark(Description = "greedy matching of the 512×512 result")]
    public RowMatch Matching() => RowMatching.Greedy(_result, Rows, Rows);
}
