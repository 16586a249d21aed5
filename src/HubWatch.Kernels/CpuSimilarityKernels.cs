using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics.Tensors;

namespace HubWatch.Kernels;

/// <summary>
/// The fast path without a GPU: <see cref="TensorPrimitives"/> (SIMD) per segment, parallel over contiguous ranges
/// of (stored, segment) pairs. ILGPU's CPU accelerator is ~30× slower on the same Compare (see the benchmarks).
/// </summary>
/// <remarks>
/// Spans cannot be captured by the parallel body, so the inputs are pinned for the duration of the (synchronous)
/// call and re-wrapped as spans inside it. Per call: one pooled query profile and one pooled scratch per worker;
/// nothing is allocated per pair.
/// </remarks>
public sealed class CpuSimilarityKernels : ISimilarityKernels
{
    // Below this many stored floats (~0.5 MB, tens of µs of work) handing work to the pool costs more than it saves.
    private const long ParallelThresholdFloats = 1 << 17;

    // Ranges per worker: enough for load balance when segment lengths differ wildly, few enough to stay cheap.
    private const int RangesPerWorker = 4;

    // When the centred energy Σ(y−ȳ)² = Σy² − ȳΣy is under a quarter of Σy², the one-pass float formula has
    // cancelled away more than two bits; such segments (LayerNorm weights near 1, near-constant tensors) are
    // centred explicitly instead. Ordinary zero-mean weights never take the slower path.
    private const double CancellationGuard = 0.25;

    // Up to this row width, RowCosines works on a transposed b: a Dot call per pair costs more than its
    // arithmetic when rows are this short (≈13 ns for d = 16), and d float terms per sum stay within 1e-5.
    private const int NarrowRowWidth = 64;

    private readonly ParallelOptions _options;

    /// <summary>Creates the kernels; <paramref name="maxDegreeOfParallelism"/> ≤ 0 means all cores.</summary>
    public CpuSimilarityKernels(int maxDegreeOfParallelism = 0)
    {
        DegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        _options = new ParallelOptions { MaxDegreeOfParallelism = DegreeOfParallelism };
    }

    /// <inheritdoc />
    public string Name => "cpu-simd";

    /// <summary>Worker threads a large call may use.</summary>
    public int DegreeOfParallelism { get; }

    /// <inheritdoc />
    public unsafe void Compare(
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

        using var profile = QueryProfile.Build(query, segments, withCentredCopy: true);
        long pairs = (long)count * t;
        int scratchLength = Math.Max(1, KernelArguments.MaxSegmentLength(segments));

        if (!ShouldParallelise(stored.Length, pairs))
        {
            var scratch = ArrayPool<float>.Shared.Rent(scratchLength);
            try
            {
                CompareRange(query, profile, stored, segments, 0, pairs, cosine, correlation, scratch);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }

            return;
        }

        int d = query.Length;
        int outputs = cosine.Length;
        fixed (float* q = query, s = stored, cos = cosine, corr = correlation)
        fixed (int* seg = segments)
        {
            nint qp = (nint)q, sp = (nint)s, cosp = (nint)cos, corrp = (nint)corr, segp = (nint)seg;
            Parallel.ForEach(
                Partitioner.Create(0L, pairs, RangeSize(pairs)),
                _options,
                () => ArrayPool<float>.Shared.Rent(scratchLength),
                (range, _, scratch) =>
                {
                    CompareRange(
                        new ReadOnlySpan<float>((void*)qp, d),
                        profile,
                        new ReadOnlySpan<float>((void*)sp, count * d),
                        new ReadOnlySpan<int>((void*)segp, t + 1),
                        range.Item1,
                        range.Item2,
                        new Span<float>((void*)cosp, outputs),
                        new Span<float>((void*)corrp, outputs),
                        scratch);
                    return scratch;
                },
                scratch => ArrayPool<float>.Shared.Return(scratch));
        }
    }

    /// <inheritdoc />
    public unsafe void RowCosines(ReadOnlySpan<float> a, int n, ReadOnlySpan<float> b, int m, int d, Span<float> result)
    {
        KernelArguments.ValidateRowCosines(a, n, b, m, d, result);
        if (n == 0 || m == 0)
        {
            return;
        }

        // Per row: 1/‖row‖ (0 for a zero row, so its cosines come out 0). For narrow rows, b is also transposed
        // (d rows of m) so that each row of a becomes d vector passes of length m instead of m tiny Dot calls.
        bool narrow = d <= NarrowRowWidth;
        var work = ArrayPool<float>.Shared.Rent(n + m + (narrow ? m * d : 0));
        try
        {
            for (int i = 0; i < n; i++)
            {
                work[i] = InverseNorm(a.Slice(i * d, d));
            }

            for (int j = 0; j < m; j++)
            {
                work[n + j] = InverseNorm(b.Slice(j * d, d));
            }

            if (narrow)
            {
                var transposed = work.AsSpan(n + m, m * d);
                for (int j = 0; j < m; j++)
                {
                    for (int k = 0; k < d; k++)
                    {
                        transposed[(k * m) + j] = b[(j * d) + k];
                    }
                }
            }

            if (!ShouldParallelise((long)n * m * d, n))
            {
                RowCosineRange(a, b, n, m, d, work, narrow, 0, n, result);
                return;
            }

            fixed (float* ap = a, bp = b, rp = result)
            {
                nint aa = (nint)ap, bb = (nint)bp, rr = (nint)rp;
                Parallel.ForEach(
                    Partitioner.Create(0, n, (int)RangeSize(n)),
                    _options,
                    range => RowCosineRange(
                        new ReadOnlySpan<float>((void*)aa, n * d),
                        new ReadOnlySpan<float>((void*)bb, m * d),
                        n,
                        m,
                        d,
                        work,
                        narrow,
                        range.Item1,
                        range.Item2,
                        new Span<float>((void*)rr, n * m)));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(work);
        }
    }

    private bool ShouldParallelise(long work, long items) =>
        DegreeOfParallelism > 1 && items > 1 && work >= ParallelThresholdFloats;

    private long RangeSize(long items) => Math.Max(1, (items + (DegreeOfParallelism * RangesPerWorker) - 1) /
                                                      (DegreeOfParallelism * RangesPerWorker));

    // Pairs are numbered row-major (stored row, segment), so a range walks stored memory front to back.
    private static void CompareRange(
        ReadOnlySpan<float> query,
        QueryProfile profile,
        ReadOnlySpan<float> stored,
        ReadOnlySpan<int> segments,
        long from,
        long to,
        Span<float> cosine,
        Span<float> correlation,
        float[] scratch)
    {
        int t = segments.Length - 1;
        int d = query.Length;
        var centred = profile.Centred;
        var stats = profile.Stats;
        int row = (int)(from / t);
        int segment = (int)(from % t);
        for (long p = from; p < to; p++)
        {
            int start = segments[segment];
            int length = segments[segment + 1] - start;
            ComparePair(
                query.Slice(start, length),
                centred.Slice(start, length),
                stats.Slice(segment * QueryProfile.Stride, QueryProfile.Stride),
                stored.Slice((row * d) + start, length),
                scratch,
                out cosine[(int)p],
                out correlation[(int)p]);

            if (++segment == t)
            {
                segment = 0;
                row++;
            }
        }
    }

    private static void ComparePair(
        ReadOnlySpan<float> q,
        ReadOnlySpan<float> qCentred,
        ReadOnlySpan<double> qStats,
        ReadOnlySpan<float> y,
        float[] scratch,
        out float cosine,
        out float correlation)
    {
        int n = y.Length;
        if (n == 0)
        {
            cosine = 0f;
            correlation = 0f;
            return;
        }

        double qq = qStats[0], qCentredSquares = qStats[2], qCentredSum = qStats[3];
        double yy = TensorPrimitives.SumOfSquares(y);
        cosine = SimilarityNumerics.Cosine(TensorPrimitives.Dot(q, y), qq, yy);

        // Σ(q−q̄)(y−ȳ) = Σ q_c·y − ȳ·Σ q_c exactly, for the float-centred copy q_c whatever its rounding.
        double sy = TensorPrimitives.Sum(y);
        double mean = sy / n;
        double yCentredSquares = yy - (sy * mean);
        double cross;
        if (yCentredSquares > yy * CancellationGuard)
        {
            cross = TensorPrimitives.Dot(qCentred, y) - (mean * qCentredSum);
        }
        else
        {
            var c = scratch.AsSpan(0, n);
            TensorPrimitives.Subtract(y, (float)mean, c);
            double cs = TensorPrimitives.Sum(c);
            yCentredSquares = TensorPrimitives.SumOfSquares(c) - (cs * cs / n);
            cross = TensorPrimitives.Dot(qCentred, c) - (cs / n * qCentredSum);
        }

        correlation = SimilarityNumerics.Correlation(cross, qCentredSquares, qq, yCentredSquares, yy);
    }

    // work = [1/‖a_i‖ (n) | 1/‖b_j‖ (m) | bᵀ (d×m, narrow only)].
    private static void RowCosineRange(
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        int n,
        int m,
        int d,
        float[] work,
        bool narrow,
        int from,
        int to,
        Span<float> result)
    {
        ReadOnlySpan<float> inverseB = work.AsSpan(n, m);
        for (int i = from; i < to; i++)
        {
            var rowA = a.Slice(i * d, d);
            var output = result.Slice(i * m, m);
            if (narrow)
            {
                // output = Σ_k a[i,k]·bᵀ[k,:], i.e. all m dot products at once.
                ReadOnlySpan<float> transposed = work.AsSpan(n + m, m * d);
                output.Clear();
                for (int k = 0; k < d; k++)
                {
                    TensorPrimitives.MultiplyAdd(transposed.Slice(k * m, m), rowA[k], output, output);
                }
            }
            else
            {
                for (int j = 0; j < m; j++)
                {
                    output[j] = TensorPrimitives.Dot(rowA, b.Slice(j * d, d));
                }
            }

            TensorPrimitives.Multiply(output, inverseB, output);
            TensorPrimitives.Multiply(output, work[i], output);
            TensorPrimitives.Clamp(output, -1f, 1f, output);
        }
    }

    private static float InverseNorm(ReadOnlySpan<float> row)
    {
        double squares = TensorPrimitives.SumOfSquares(row);
        return squares > 0 ? (float)(1.0 / Math.Sqrt(squares)) : 0f;
    }
}
