namespace HubWatch.Kernels.Tests;

[Collection(IlgpuCollection.Name)]
public sealed class KernelHostTests(IlgpuCpuHostFixture fixture)
{
    // The tests state what Auto/Cuda must do on whichever machine runs them, GPU or not.
    private static bool HasCuda => CudaDevice.Present;

    [Fact]
    public void Auto_picks_cuda_when_present_else_the_simd_cpu_path()
    {
        using var host = KernelHost.Create(KernelPreference.Auto);
        if (HasCuda)
        {
            Assert.Equal("ilgpu-cuda", host.Kernels.Name);
            Assert.StartsWith("ilgpu-cuda on ", host.Description);
        }
        else
        {
            Assert.Equal("cpu-simd", host.Kernels.Name);
            Assert.Equal($"cpu-simd, {Environment.ProcessorCount} cores", host.Description);
        }
    }

    [Fact]
    public void Cpu_preference_uses_tensor_primitives()
    {
        using var host = KernelHost.Create(KernelPreference.Cpu);
        Assert.IsType<CpuSimilarityKernels>(host.Kernels);
        Assert.Equal("cpu-simd", host.Kernels.Name);
    }

    [Fact]
    public void Cuda_preference_without_a_device_throws_a_clear_error()
    {
        if (HasCuda)
        {
            using var host = KernelHost.Create(KernelPreference.Cuda);
            Assert.Equal("ilgpu-cuda", host.Kernels.Name);
            return;
        }

        var error = Assert.Throws<InvalidOperationException>(() => KernelHost.Create(KernelPreference.Cuda));
        Assert.Contains("no CUDA device", error.Message);
    }

    [Fact]
    public void Ilgpu_cpu_preference_names_itself()
    {
        Assert.Equal("ilgpu-cpu", fixture.Host.Kernels.Name);
        Assert.StartsWith("ilgpu-cpu on ", fixture.Host.Description);
    }

    [Fact]
    public void One_ilgpu_host_serves_many_threads_with_correct_results()
    {
        var kernels = fixture.Ilgpu;
        var reference = fixture.Cpu;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(8);

        var threads = Enumerable.Range(0, 8).Select(worker => new Thread(() =>
        {
            var random = new Random(100 + worker);
            start.SignalAndWait(); // maximise overlap
            for (int round = 0; round < 3; round++)
            {
                // Sizes differ per worker so that shared device buffers are regrown under contention.
                int count = 3 + worker, d = 64 * (1 + worker);
                int[] segments = [0, d / 2, d];
                var query = TestData.Gaussian(random, d);
                var stored = TestData.Gaussian(random, count * d);
                query.AsSpan().CopyTo(stored.AsSpan(0, d)); // row 0 = the query
                var (cos, corr) = (new float[count * 2], new float[count * 2]);
                var (refCos, refCorr) = (new float[count * 2], new float[count * 2]);
                kernels.Compare(query, stored, count, segments, cos, corr);
                reference.Compare(query, stored, count, segments, refCos, refCorr);
                if (TestData.MaxAbsDifference(cos, refCos) > 1e-5f || TestData.MaxAbsDifference(corr, refCorr) > 1e-5f ||
                    Math.Abs(cos[0] - 1f) > 1e-6f)
                {
                    failures.Add($"worker {worker} round {round}: Compare differs");
                }

                int n = 2 + worker, m = 5;
                var a = TestData.Gaussian(random, n * 16);
                var b = TestData.Gaussian(random, m * 16);
                var (rows, refRows) = (new float[n * m], new float[n * m]);
                kernels.RowCosines(a, n, b, m, 16, rows);
                reference.RowCosines(a, n, b, m, 16, refRows);
                if (TestData.MaxAbsDifference(rows, refRows) > 1e-5f)
                {
                    failures.Add($"worker {worker} round {round}: RowCosines differs");
                }
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void Disposed_ilgpu_kernels_refuse_work()
    {
        var host = KernelHost.Create(KernelPreference.IlgpuCpu);
        var kernels = host.Kernels;
        host.Dispose();
        Assert.Throws<ObjectDisposedException>(() =>
            kernels.Compare([1f], [1f], 1, [0, 1], new float[1], new float[1]));
    }
}
