using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace HubWatch.Kernels.Benchmarks;

/// <summary>
/// Compare of one query against N = 1,000 stored fingerprints (131 MB) on the CPU. Figures are per stored
/// fingerprint (OperationsPerInvoke). The baseline is a plain single-thread scan of the same memory; the
/// parallel scan is the machine's bandwidth limit, which cpu-simd should approach.
/// </summary>
[MemoryDiagnoser]
public class CompareBenchmarks
{
    private const int Count = 1_000;

    private readonly CpuSimilarityKernels _allCores = new();
    private readonly CpuSimilarityKernels _oneCore = new(maxDegreeOfParallelism: 1);
    private float[] _query = [];
    private float[] _stored = [];
    private int[] _segments = [];
    private float[] _cosine = [];
    private float[] _correlation = [];

    [GlobalSetup]
    public void Setup()
    {
        _query = BenchmarkShapes.Random(BenchmarkShapes.Dimension, 1);
        _stored = BenchmarkShapes.Random(BenchmarkShapes.Dimension * Count, 2);
        _segments = BenchmarkShapes.Segments();
        _cosine = new float[Count * BenchmarkShapes.SegmentCount];
        _correlation = new float[Count * BenchmarkShapes.SegmentCount];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "memory scan, 1 thread")]
    public float MemoryScan() => TensorPrimitives.Sum(_stored);

    [Benchmark(OperationsPerInvoke = Count, Description = "memory scan, all cores")]
    public float MemoryScanParallel() => BenchmarkShapes.ParallelSum(_stored, Environment.ProcessorCount * 4);

    [Benchmark(OperationsPerInvoke = Count, Description = "cpu-simd Compare, all cores")]
    public void CpuSimd() => _allCores.Compare(_query, _stored, Count, _segments, _cosine, _correlation);

    [Benchmark(OperationsPerInvoke = Count, Description = "cpu-simd Compare, 1 thread")]
    public void CpuSimdOneThread() => _oneCore.Compare(_query, _stored, Count, _segments, _cosine, _correlation);
}
