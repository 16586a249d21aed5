using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace HubWatch.Kernels;

/// <summary>
/// Owns the ILGPU context and accelerator (when one is used) and the chosen <see cref="ISimilarityKernels"/>.
/// Create ONE per process (register it as a singleton): a context and accelerator are heavyweight, and kernel
/// compilation costs hundreds of milliseconds per accelerator.
/// </summary>
public sealed class KernelHost : IDisposable
{
    private readonly Context? _context;
    private readonly Accelerator? _accelerator;
    private readonly IlgpuSimilarityKernels? _ilgpu;

    private KernelHost(ISimilarityKernels kernels, string description, Context? context = null,
        Accelerator? accelerator = null)
    {
        Kernels = kernels;
        Description = description;
        _context = context;
        _accelerator = accelerator;
        _ilgpu = kernels as IlgpuSimilarityKernels;
    }

    /// <summary>The kernels to use; thread-safe.</summary>
    public ISimilarityKernels Kernels { get; }

    /// <summary>What was chosen and on what, for logs and the UI: "ilgpu-cuda on NVIDIA H200", "cpu-simd, 16 cores".</summary>
    public string Description { get; }

    /// <summary>
    /// Picks the implementation. <see cref="KernelPreference.Auto"/>: CUDA when ILGPU lists a CUDA device (selected
    /// explicitly: GetPreferredDevice can pick an OpenCL CPU runtime), else the TensorPrimitives CPU path, also when
    /// CUDA initialisation fails (the reason goes into <see cref="Description"/>). <see cref="KernelPreference.Cpu"/>
    /// creates no ILGPU context at all. <see cref="KernelPreference.Cuda"/> throws when there is no usable device.
    /// </summary>
    /// <exception cref="InvalidOperationException">Cuda was requested but no CUDA device could be used.</exception>
    public static KernelHost Create(KernelPreference preference = KernelPreference.Auto) => preference switch
    {
        KernelPreference.Cpu => CreateCpu(note: null),
        KernelPreference.IlgpuCpu => CreateIlgpuCpu(),
        KernelPreference.Cuda => CreateCuda(),
        KernelPreference.Auto => CreateAuto(),
        _ => throw new ArgumentOutOfRangeException(nameof(preference), preference, "Unknown kernel preference."),
    };

    /// <summary>Frees device buffers, the accelerator and the context, in that order.</summary>
    public void Dispose()
    {
        _ilgpu?.Dispose();
        _accelerator?.Dispose();
        _context?.Dispose();
    }

    private static KernelHost CreateCpu(string? note)
    {
        var kernels = new CpuSimilarityKernels();
        string description = $"{kernels.Name}, {kernels.DegreeOfParallelism} cores";
        return new KernelHost(kernels, note is null ? description : $"{description} ({note})");
    }

    private static KernelHost CreateIlgpuCpu()
    {
        var context = Context.Create(builder => builder.CPU());
        Accelerator? accelerator = null;
        try
        {
            accelerator = context.CreateCPUAccelerator(0);
            var kernels = new IlgpuSimilarityKernels(accelerator, "ilgpu-cpu");
            return new KernelHost(kernels, $"ilgpu-cpu on {accelerator.Name} (correctness fallback, slow)", context,
                accelerator);
        }
        catch
        {
            accelerator?.Dispose();
            context.Dispose();
            throw;
        }
    }

    private static KernelHost CreateCuda()
    {
        KernelHost? host;
        try
        {
            host = TryCreateCuda();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"KernelPreference.Cuda was requested but CUDA initialisation failed: {ex.Message}", ex);
        }

        return host ?? throw new InvalidOperationException(
            "KernelPreference.Cuda was requested but ILGPU found no CUDA device (no NVIDIA GPU or driver visible " +
            "to this process). Use KernelPreference.Auto to fall back to the CPU.");
    }

    private static KernelHost CreateAuto()
    {
        try
        {
            return TryCreateCuda() ?? CreateCpu(note: null);
        }

        // Any CUDA failure (driver, PTX JIT, out of memory) must still leave a working CPU path.
        catch (Exception ex)
        {
            return CreateCpu($"CUDA initialisation failed, using the CPU: {ex.GetType().Name}: {ex.Message}");
        }
    }

    // Null when there is no CUDA device; throws when there is one that cannot be used.
    private static KernelHost? TryCreateCuda()
    {
        var context = Context.Create(builder => builder.Cuda());
        Accelerator? accelerator = null;
        try
        {
            var devices = context.GetCudaDevices();
            if (devices.Count == 0)
            {
                context.Dispose();
                return null;
            }

            accelerator = devices[0].CreateAccelerator(context);
            var kernels = new IlgpuSimilarityKernels(accelerator, "ilgpu-cuda");
            return new KernelHost(kernels, $"ilgpu-cuda on {accelerator.Name}", context, accelerator);
        }
        catch
        {
            accelerator?.Dispose();
            context.Dispose();
            throw;
        }
    }
}
