using ILGPU;

namespace HubWatch.Kernels;

/// <summary>
/// The ILGPU kernel bodies (compiled for CUDA, or run as IL by the CPU accelerator). Inputs are float, sums are
/// double: a float×float product is exact in double, so one-pass formulas (Σy² − ȳΣy) lose nothing that matters
/// and one thread can stream its segment once. Data-centre GPUs (H100/H200) run FP64 at half the FP32 rate, and
/// these kernels are bound by memory traffic, not arithmetic.
/// </summary>
internal static class SimilarityKernelBodies
{
    /// <summary>
    /// One thread per (stored row, segment) pair, numbered row-major like the outputs. <paramref name="queryStats"/>
    /// holds <see cref="QueryProfile.Stride"/> doubles per segment: Σq², mean, Σ(q−mean)².
    /// </summary>
    public static void Compare(
        Index1D index,
        ArrayView<float> query,
        ArrayView<float> stored,
        ArrayView<int> segments,
        ArrayView<double> queryStats,
        int segmentCount,
        int length,
        ArrayView<float> cosine,
        ArrayView<float> correlation)
    {
        int pair = index;
        int row = pair / segmentCount;
        int segment = pair - (row * segmentCount);
        int start = segments[segment];
        int end = segments[segment + 1];
        long rowBase = (long)row * length;

        double sy = 0, syy = 0, sqy = 0;
        for (int k = start; k < end; k++)
        {
            double y = stored[rowBase + k];
            sy += y;
            syy += y * y;
            sqy += query[k] * y;
        }

        int statsBase = segment * QueryProfile.Stride;
        double qq = queryStats[statsBase];
        double qMean = queryStats[statsBase + 1];
        double qCentredSquares = queryStats[statsBase + 2];
        int n = end - start;

        cosine[pair] = SimilarityNumerics.Cosine(sqy, qq, syy);

        // Σ(q−q̄)(y−ȳ) = Σqy − q̄Σy because Σq = n·q̄.
        double yCentredSquares = n > 0 ? syy - (sy * sy / n) : 0;
        double cross = sqy - (qMean * sy);
        correlation[pair] = SimilarityNumerics.Correlation(cross, qCentredSquares, qq, yCentredSquares, syy);
    }

    /// <summary>Squared norm of each row of a rows×<paramref name="d"/> matrix, one thread per row.</summary>
    public static void RowSquares(Index1D row, ArrayView<float> matrix, int d, ArrayView<double> squares)
    {
        long rowBase = (long)row.X * d;
        double sum = 0;
        for (int k = 0; k < d; k++)
        {
            double v = matrix[rowBase + k];
            sum += v * v;
        }

        squares[row] = sum;
    }

    /// <summary>
    /// One thread per (i, j): X runs over b's rows so that neighbouring threads share a's row (broadcast reads)
    /// and write neighbouring outputs.
    /// </summary>
    public static void RowCosines(
        Index2D index,
        ArrayView<float> a,
        ArrayView<float> b,
        int m,
        int d,
        ArrayView<double> aSquares,
        ArrayView<double> bSquares,
        ArrayView<float> result)
    {
        int j = index.X;
        int i = index.Y;
        long aBase = (long)i * d;
        long bBase = (long)j * d;
        double dot = 0;
        for (int k = 0; k < d; k++)
        {
            dot += (double)a[aBase + k] * b[bBase + k];
        }

        result[((long)i * m) + j] = SimilarityNumerics.Cosine(dot, aSquares[i], bSquares[j]);
    }
}
