namespace HubWatch.Kernels.Tests;

/// <summary>
/// The agreement suite on the CUDA accelerator itself, so a GPU machine checks the numbers the device computes, not
/// only that the kernels compile to PTX. Skipped, with the reason, where ILGPU sees no CUDA device.
/// </summary>
public sealed class CudaAgreementTests(CudaHostFixture fixture) : IClassFixture<CudaHostFixture>
{
    private readonly CpuSimilarityKernels _cpu = new();

    [CudaTheory]
    [MemberData(nameof(CpuIlgpuAgreementTests.CompareShapes), MemberType = typeof(CpuIlgpuAgreementTests))]
    public void Compare_agrees_between_cpu_simd_and_cuda(int[] lengths, int count, int seed, int zeroQuerySegment)
    {
        Assert.Equal("ilgpu-cuda", fixture.Cuda.Name);
        CpuIlgpuAgreementTests.CompareAgrees(_cpu, fixture.Cuda, lengths, count, seed, zeroQuerySegment);
    }

    [CudaTheory]
    [MemberData(nameof(CpuIlgpuAgreementTests.RowShapes), MemberType = typeof(CpuIlgpuAgreementTests))]
    public void RowCosines_agrees_between_cpu_simd_and_cuda(int n, int m, int d, int seed)
    {
        Assert.Equal("ilgpu-cuda", fixture.Cuda.Name);
        CpuIlgpuAgreementTests.RowCosinesAgree(_cpu, fixture.Cuda, n, m, d, seed);
    }
}
