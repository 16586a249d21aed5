namespace HubWatch.Kernels;

/// <summary>Which implementation <see cref="KernelHost.Create"/> should pick.</summary>
public enum KernelPreference
{
    /// <summary>CUDA when a CUDA device is present, else the TensorPrimitives CPU path.</summary>
    Auto,

    /// <summary>TensorPrimitives on the CPU; never creates an ILGPU context.</summary>
    Cpu,

    /// <summary>The ILGPU kernels on ILGPU's CPU accelerator: a slow correctness reference, for tests.</summary>
    IlgpuCpu,

    /// <summary>The ILGPU kernels on the first CUDA device; throws when there is none.</summary>
    Cuda,
}
