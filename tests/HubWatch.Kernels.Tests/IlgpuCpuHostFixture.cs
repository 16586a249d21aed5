namespace HubWatch.Kernels.Tests;

/// <summary>
/// One ILGPU CPU-accelerator host for all tests that need it: context creation and kernel compilation are the
/// slow part, and KernelHost is meant to exist once per process anyway.
/// </summary>
public sealed class IlgpuCpuHostFixture : IDisposable
{
    public IlgpuCpuHostFixture() => Host = KernelHost.Create(KernelPreference.IlgpuCpu);

    public KernelHost Host { get; }

    public ISimilarityKernels Cpu { get; } = new CpuSimilarityKernels();

    public ISimilarityKernels Ilgpu => Host.Kernels;

    /// <summary>Both implementations, by name, for theories that must hold for each.</summary>
    public ISimilarityKernels ByName(string name) => name switch
    {
        "cpu-simd" => Cpu,
        "ilgpu-cpu" => Ilgpu,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public void Dispose() => Host.Dispose();
}
