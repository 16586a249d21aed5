using ILGPU;
using ILGPU.Runtime;

namespace HubWatch.Kernels;

/// <summary>
/// The ILGPU implementation: "ilgpu-cuda" on a GPU, "ilgpu-cpu" on ILGPU's CPU accelerator (a slow correctness
/// reference that runs the very same kernel code in tests). Created and owned by <see cref="KernelHost"/>.
/// </summary>
/// <remarks>
/// Kernels are compiled once, here, so that a kernel that fails to compile for a device fails at host creation
/// (where <see cref="KernelHost"/> can fall back) rather than mid-run. Device buffers are reused and grown, never
/// reallocated per call. An accelerator stream is not thread-safe, so calls are serialised by a lock: concurrent
/// callers queue, which is also what a single GPU would do.
/// </remarks>
public sealed class IlgpuSimilarityKernels : ISimilarityKernels, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<double>, int, int,
        ArrayView<float>, ArrayView<float>> _compare;

    private readonly Action<Index1D, ArrayView<float>, int, ArrayView<double>> _rowSquares;

    private readonly Action<Index2D, ArrayView<float>, ArrayView<float>, int, int, ArrayView<double>,
        ArrayView<double>, ArrayView<float>> _rowCosines;

    private readonly DeviceBuffer<float> _query;
    private readonly DeviceBuffer<float> _stored;
    private readonly DeviceBuffer<int> _segments;
    private readonly DeviceBuffer<double> _queryStats;
    private readonly DeviceBuffer<float> _cosine;
    private readonly DeviceBuffer<float> _correlation;
    private readonly DeviceBuffer<float> _a;
    private readonly DeviceBuffer<float> _b;
    private readonly DeviceBuffer<double> _aSquares;
    private readonly DeviceBuffer<double> _bSquares;
    private readonly DeviceBuffer<float> _result;
    private bool _disposed;

    internal IlgpuSimilarityKernels(Accelerator accelerator, string name)
    {
        Name = name;
        _compare = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>,
            ArrayView<int>, ArrayView<double>, int, int, ArrayView<float>, ArrayView<float>>(
            SimilarityKernelBodies.Compare);
        _rowSquares = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, int, ArrayView<double>>(
            SimilarityKernelBodies.RowSquares);
        _rowCosines = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, int, int,
            ArrayView<double>, ArrayView<double>, ArrayView<float>>(SimilarityKernelBodies.RowCosines);

        _query = new DeviceBuffer<float>(accelerator);
        _stored = new DeviceBuffer<float>(accelerator);
        _segments = new DeviceBuffer<int>(accelerator);
        _queryStats = new DeviceBuffer<double>(accelerator);
        _cosine = new DeviceBuffer<float>(accelerator);
        _correlation = new DeviceBuffer<float>(accelerator);
        _a = new DeviceBuffer<float>(accelerator);
        _b = new DeviceBuffer<float>(accelerator);
        _aSquares = new DeviceBuffer<double>(accelerator);
        _bSquares = new DeviceBuffer<double>(accelerator);
        _result = new DeviceBuffer<float>(accelerator);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public void Compare(
        ReadOnlySpan<float> query,
        ReadOnlySpan<float> stored,
        int count,
        ReadOnlySpan<int> segments,
        Span<float> cosine,
        Span<float> correlation)
    {
        int t = KernelArguments.ValidateCompare(query, stored, count, segments, cosine, correlation);
        if (count == 0 || t == 0)
        {
            return;
        }

        // The query's per-segment statistics are O(D) host work, done once rather than by every thread.
        using var profile = QueryProfile.Build(query, segments, withCentredCopy: false);
        int pairs = count * t;

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var cos = _cosine.Reserve(pairs);
            var corr = _correlation.Reserve(pairs);
            _compare(
                pairs,
                _query.Upload(query),
                _stored.Upload(stored),
                _segments.Upload(segments),
                _queryStats.Upload(profile.Stats),
                t,
                query.Length,
                cos,
                corr);

            // Same stream: the copies wait for the kernel, and return once the data is on the host.
            cos.CopyToCPU(cosine);
            corr.CopyToCPU(correlation);
        }
    }

    /// <inheritdoc />
    public void RowCosines(ReadOnlySpan<float> a, int n, ReadOnlySpan<float> b, int m, int d, Span<float> result)
    {
        KernelArguments.ValidateRowCosines(a, n, b, m, d, result);
        if (n == 0 || m == 0)
        {
            return;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var aView = _a.Upload(a);
            var bView = _b.Upload(b);
            var aSquares = _aSquares.Reserve(n);
            var bSquares = _bSquares.Reserve(m);
            var output = _result.Reserve((long)n * m);

            _rowSquares(n, aView, d, aSquares);
            _rowSquares(m, bView, d, bSquares);
            _rowCosines(new Index2D(m, n), aView, bView, m, d, aSquares, bSquares, output);
            output.CopyToCPU(result);
        }
    }

    /// <summary>Frees the device buffers; the accelerator itself belongs to <see cref="KernelHost"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _query.Dispose();
            _stored.Dispose();
            _segments.Dispose();
            _queryStats.Dispose();
            _cosine.Dispose();
            _correlation.Dispose();
            _a.Dispose();
            _b.Dispose();
            _aSquares.Dispose();
            _bSquares.Dispose();
            _result.Dispose();
        }
    }
}
