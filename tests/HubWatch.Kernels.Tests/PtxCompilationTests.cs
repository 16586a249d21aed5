using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace HubWatch.Kernels.Tests;

/// <summary>
/// The CPU accelerator runs kernels as .NET IL, so it cannot tell whether they compile for a GPU. ILGPU's PTX
/// backend needs no device, so compile each kernel to PTX here (asking for Hopper; ILGPU 1.5.3 emits sm_80 code,
/// which Hopper runs): a kernel using something CUDA
/// cannot do would otherwise only fail on the GPU machine.
/// </summary>
public sealed class PtxCompilationTests
{
    [Theory]
    [InlineData(nameof(SimilarityKernelBodies.Compare))]
    [InlineData(nameof(SimilarityKernelBodies.RowSquares))]
    [InlineData(nameof(SimilarityKernelBodies.RowCosines))]
    public void Kernel_compiles_to_ptx(string kernel)
    {
        using var context = Context.Create(builder => builder.Cuda());
        using var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, nvvmAPI: null!); // no libNVVM: ILGPU's own PTX generator
        var method = typeof(SimilarityKernelBodies).GetMethod(kernel, BindingFlags.Public | BindingFlags.Static)!;

        var compiled = Assert.IsType<PTXCompiledKernel>(backend.Compile(
            EntryPointDescription.FromImplicitlyGroupedKernel(method), KernelSpecialization.Empty));

        Assert.Contains(".target sm_", compiled.PTXAssembly);
        Assert.Contains($".entry Kernel_{kernel}(", compiled.PTXAssembly);
        Assert.Contains(".f64", compiled.PTXAssembly); // accumulation stays in double on the device
    }
}
