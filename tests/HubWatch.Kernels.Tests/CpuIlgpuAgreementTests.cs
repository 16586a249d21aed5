namespace HubWatch.Kernels.Tests;

/// <summary>
/// The TensorPrimitives path and the ILGPU kernels must agree within 1e-5, and both must match a double-precision
/// reference: on ILGPU's CPU accelerator everywhere (the code that runs on CUDA), on CUDA itself where there is a device.
/// </summary>
[Collection(IlgpuCollection.Name)]
public sealed class CpuIlgpuAgreementTests(IlgpuCpuHostFixture fixture)
{
    [Theory]
    [MemberData(nameof(CompareShapes))]
    public void Compare_agrees_between_cpu_simd_and_ilgpu(int[] lengths, int count, int seed, int zeroQuerySegment) =>
        CompareAgrees(fixture.Cpu, fixture.Ilgpu, lengths, count, seed, zeroQuerySegment);

    [Theory]
    [MemberData(nameof(RowShapes))]
    public void RowCosines_agrees_between_cpu_simd_and_ilgpu(int n, int m, int d, int seed) =>
        RowCosinesAgree(fixture.Cpu, fixture.Ilgpu, n, m, d, seed);

    private const float Tolerance = 1e-5f;

    public static TheoryData<int[], int, int, int> CompareShapes => new()
    {
        // segment lengths, stored count, seed, query segment to zero (−1: none)
        { [1], 1, 1, -1 },
        { [7], 37, 2, -1 },
        { [512], 37, 3, -1 },
        { [4096], 1, 4, -1 },
        { [4096], 37, 5, 0 },
        { [1, 7, 512, 4096, 0, 33], 37, 6, 1 },
        { [1, 7, 512, 4096, 0, 33], 1, 7, -1 },
    };

    public static TheoryData<int, int, int, int> RowShapes => new()
    {
        // n, m, d, seed
        { 1, 1, 1, 11 },
        { 5, 7, 16, 12 },
        { 37, 23, 512, 13 },
        { 3, 4, 4096, 14 },
        { 37, 1, 7, 15 },
    };

    internal static void CompareAgrees(ISimilarityKernels cpu, ISimilarityKernels ilgpu, int[] lengths, int count, int seed, int zeroQuerySegment)
    {
        var random = new Random(seed);
        var segments = TestData.Segments(lengths);
        int d = segments[^1], t = lengths.Length;
        var query = TestData.Gaussian(random, d, scale: 0.02);
        if (zeroQuerySegment >= 0)
        {
            query.AsSpan(segments[zeroQuerySegment]..segments[zeroQuerySegment + 1]).Clear();
        }

        var stored = StoredRows(random, query, count);

        var cpuCos = new float[count * t];
        var cpuCorr = new float[count * t];
        var gpuCos = new float[count * t];
        var gpuCorr = new float[count * t];
        cpu.Compare(query, stored, count, segments, cpuCos, cpuCorr);
        ilgpu.Compare(query, stored, count, segments, gpuCos, gpuCorr);
        var (refCos, refCorr) = ReferenceSimilarity.Compare(query, stored, count, segments);

        Assert.InRange(TestData.MaxAbsDifference(cpuCos, gpuCos), 0f, Tolerance);
        Assert.InRange(TestData.MaxAbsDifference(cpuCorr, gpuCorr), 0f, Tolerance);
        Assert.InRange(TestData.MaxAbsDifference(cpuCos, refCos), 0f, Tolerance);
        Assert.InRange(TestData.MaxAbsDifference(cpuCorr, refCorr), 0f, Tolerance);
        Assert.InRange(TestData.MaxAbsDifference(gpuCorr, refCorr), 0f, Tolerance);

        // The data must exercise more than "everything is ≈0": related rows score high.
        if (count > 2 && lengths.Max() > 1 && (zeroQuerySegment < 0 || t > 1))
        {
            Assert.Contains(cpuCorr, c => c > 0.9f);
        }
    }

    internal static void RowCosinesAgree(ISimilarityKernels cpu, ISimilarityKernels ilgpu, int n, int m, int d, int seed)
    {
        var random = new Random(seed);
        var a = TestData.Gaussian(random, n * d);
        var b = TestData.Gaussian(random, m * d);
        if (n > 1)
        {
            a.AsSpan(0, d).Clear();
        }

        if (m > 1)
        {
            b.AsSpan((m - 1) * d, d).Clear();
        }

        // One b row is a noisy copy of an a row, so a large cosine is in the mix.
        for (int k = 0; k < d; k++)
        {
            b[k] = a[((n - 1) * d) + k] + (0.1f * (float)TestData.NextGaussian(random));
        }

        var cpuCos = new float[n * m];
        var gpuCos = new float[n * m];
        cpu.RowCosines(a, n, b, m, d, cpuCos);
        ilgpu.RowCosines(a, n, b, m, d, gpuCos);

        Assert.InRange(TestData.MaxAbsDifference(cpuCos, gpuCos), 0f, Tolerance);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                var (expected, _) = ReferenceSimilarity.Pair(a.AsSpan(i * d, d), b.AsSpan(j * d, d));
                Assert.InRange(Math.Abs(cpuCos[(i * m) + j] - expected), 0f, Tolerance);
                Assert.InRange(Math.Abs(gpuCos[(i * m) + j] - expected), 0f, Tolerance);
            }
        }

        if (n > 1 && m > 1)
        {
            Assert.All(cpuCos.AsSpan(0, m).ToArray(), c => Assert.Equal(0f, c)); // zero row of a
            Assert.Equal(0f, cpuCos[m - 1]);                                     // zero row of b
        }

        Assert.True(cpuCos[((n - 1) * m) + 0] > 0.9f || d == 1);
    }

    // Row kinds cycle: zero; independent; α·query + noise; query + 3 (cos < 1, corr 1); query + 1 + noise (a
    // large mean, like LayerNorm weights, to exercise the cancellation-safe path).
    private static float[] StoredRows(Random random, float[] query, int count)
    {
        int d = query.Length;
        var stored = new float[count * d];
        for (int i = 0; i < count; i++)
        {
            var row = stored.AsSpan(i * d, d);
            int kind = count == 1 ? 2 : i % 5;
            double alpha = 0.5 + random.NextDouble();
            for (int k = 0; k < d; k++)
            {
                double noise = 0.02 * TestData.NextGaussian(random);
                row[k] = kind switch
                {
                    0 => 0f,
                    1 => (float)noise,
                    2 => (float)((alpha * query[k]) + (0.1 * noise)),
                    3 => query[k] + 3f,
                    _ => (float)(query[k] + 1.0 + (0.1 * noise)),
                };
            }
        }

        return stored;
    }
}
