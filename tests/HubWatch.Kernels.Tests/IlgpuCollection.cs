namespace HubWatch.Kernels.Tests;

/// <summary>Test classes sharing the ILGPU CPU host (and therefore running one after another).</summary>
[CollectionDefinition(Name)]
public sealed class IlgpuCollection : ICollectionFixture<IlgpuCpuHostFixture>
{
    public const string Name = "ilgpu-cpu host";
}
