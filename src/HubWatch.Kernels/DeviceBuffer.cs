using ILGPU;
using ILGPU.Runtime;

namespace HubWatch.Kernels;

/// <summary>
/// A device allocation reused across calls and grown (doubling) only when a call needs more: allocating device
/// memory per call costs far more than these kernels do on a GPU. Not thread-safe; the owner serialises calls.
/// </summary>
internal sealed class DeviceBuffer<T> : IDisposable
    where T : unmanaged
{
    private readonly Accelerator _accelerator;
    private MemoryBuffer1D<T, Stride1D.Dense>? _buffer;

    public DeviceBuffer(Accelerator accelerator) => _accelerator = accelerator;

    /// <summary>Elements currently allocated on the device.</summary>
    public long Capacity => _buffer?.Length ?? 0;

    /// <summary>A view of exactly <paramref name="length"/> elements, growing the allocation if needed.</summary>
    public ArrayView<T> Reserve(long length)
    {
        if (_buffer is null || _buffer.Length < length)
        {
            // Doubling bounds the number of reallocations when sizes creep upwards call by call.
            long size = Math.Max(Math.Max(length, Capacity * 2), 1);
            _buffer?.Dispose();
            _buffer = null;
            _buffer = _accelerator.Allocate1D<T>(size);
        }

        return _buffer.View.SubView(0, length);
    }

    /// <summary>Copies <paramref name="data"/> to the device (synchronously) and returns a view of it.</summary>
    public ArrayView<T> Upload(ReadOnlySpan<T> data)
    {
        var view = Reserve(data.Length);
        if (data.Length > 0)
        {
            view.CopyFromCPU(data);
        }

        return view;
    }

    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
    }
}
