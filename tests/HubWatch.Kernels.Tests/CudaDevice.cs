using ILGPU;
using ILGPU.Runtime.Cuda;

namespace HubWatch.Kernels.Tests;

/// <summary>Whether this machine has a CUDA device ILGPU can see, asked once per test run.</summary>
public static class CudaDevice
{
    private static readonly Lazy<string?> Absence = new(() =>
    {
        try
        {
            using var context = Context.Create(builder => builder.Cuda());
            return context.GetCudaDevices().Count > 0 ? null : "no CUDA device on this machine: the ILGPU-on-CPU agreement tests stand in";
        }
        catch (Exception e)
        {
            return $"CUDA could not be asked for its devices ({e.GetType().Name}: {e.Message})";
        }
    });

    public static bool Present => Absence.Value is null;

    /// <summary>Why the CUDA tests are skipped; null when they run.</summary>
    public static string? Missing => Absence.Value;
}

/// <summary>A theory that runs on the CUDA accelerator, shown as skipped, with the reason, on a machine without one.</summary>
public sealed class CudaTheoryAttribute : TheoryAttribute
{
    public CudaTheoryAttribute() => Skip = CudaDevice.Missing;
}

/// <summary>The CUDA host, created on first use (never on a machine without CUDA, where every test using it is skipped).</summary>
public sealed class CudaHostFixture : IDisposable
{
    private readonly Lazy<KernelHost> _host = new(() => KernelHost.Create(KernelPreference.Cuda));

    public ISimilarityKernels Cuda => _host.Value.Kernels;

    public string Description => _host.Value.Description;

    public void Dispose()
    {
        if (_host.IsValueCreated)
            _host.Value.Dispose();
    }
}
