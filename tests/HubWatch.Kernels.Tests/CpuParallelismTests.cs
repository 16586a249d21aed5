namespace HubWatch.Kernels.Tests;

/// <summary>The parallel partitioning must not change a single bit of the result.</summary>
public sealed class CpuParallelismTests
{
    [Fact]
    public void Parallel_and_sequential_compare_give_identical_results()
    {
        var random = new Random(21);
        var segments = TestData.Segments(1, 7, 512, 300, 4096, 0, 33);
        int d = segments[^1], t = segments.Length - 1, count = 64; // 64 × 4,949 floats: above the parallel threshold
        var query = TestData.Gaussian(random, d);
        var stored = TestData.Gaussian(random, count * d);
        for (int k = 0; k < d; k++)
        {
            stored[(5 * d) + k] = query[k] + 1f; // a shifted copy: the cancellation-safe path
        }

        var (cos1, corr1) = (new float[count * t], new float[count * t]);
        var (cosN, corrN) = (new float[count * t], new float[count * t]);
        new CpuSimilarityKernels(maxDegreeOfParallelism: 1).Compare(query, stored, count, segments, cos1, corr1);
        new CpuSimilarityKernels(maxDegreeOfParallelism: 4).Compare(query, stored, count, segments, cosN, corrN);

        Assert.Equal(cos1, cosN);
        Assert.Equal(corr1, corrN);
        Assert.Equal(1f, corr1[(5 * t) + 2], 1e-6f);
    }

    [Theory]
    [InlineData(64)]  // narrow rows: the transposed path
    [InlineData(200)] // wide rows: one Dot per pair
    public void Parallel_and_sequential_row_cosines_give_identical_results(int d)
    {
        var random = new Random(22);
        const int n = 200, m = 150; // ≥ 1.9 M multiply-adds: above the parallel threshold
        var a = TestData.Gaussian(random, n * d);
        var b = TestData.Gaussian(random, m * d);
        var one = new float[n * m];
        var many = new float[n * m];
        new CpuSimilarityKernels(maxDegreeOfParallelism: 1).RowCosines(a, n, b, m, d, one);
        new CpuSimilarityKernels(maxDegreeOfParallelism: 4).RowCosines(a, n, b, m, d, many);
        Assert.Equal(one, many);
        Assert.Contains(one, c => c != 0f);
    }
}
