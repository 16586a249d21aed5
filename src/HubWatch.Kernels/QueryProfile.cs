using System.Buffers;

namespace HubWatch.Kernels;

/// <summary>
/// Per-segment statistics of the query, computed once per Compare call (O(D)) instead of once per stored
/// fingerprint. Sums are taken in double in two passes, so a query with a large mean (LayerNorm weights near 1)
/// still gets an exact centred norm. Buffers are pooled: one Compare call rents and returns them.
/// </summary>
internal sealed class QueryProfile : IDisposable
{
    /// <summary>Doubles per segment in <see cref="Stats"/>: Σq², mean, Σ(q−mean)², Σ of the float-centred copy.</summary>
    public const int Stride = 4;

    private double[] _stats;
    private float[]? _centred;
    private readonly int _segmentCount;
    private readonly int _length;

    private QueryProfile(double[] stats, float[]? centred, int segmentCount, int length)
    {
        _stats = stats;
        _centred = centred;
        _segmentCount = segmentCount;
        _length = length;
    }

    /// <summary>[Σq², mean, Σ(q−mean)², Σ centred-copy] per segment, <see cref="Stride"/> doubles each.</summary>
    public ReadOnlySpan<double> Stats => _stats.AsSpan(0, _segmentCount * Stride);

    /// <summary>The query minus each segment's mean (rounded to float); empty unless requested.</summary>
    public ReadOnlySpan<float> Centred => _centred is null ? default : _centred.AsSpan(0, _length);

    public static QueryProfile Build(ReadOnlySpan<float> query, ReadOnlySpan<int> segments, bool withCentredCopy)
    {
        int t = segments.Length - 1;
        var stats = ArrayPool<double>.Shared.Rent(Math.Max(1, t * Stride));
        var centred = withCentredCopy ? ArrayPool<float>.Shared.Rent(Math.Max(1, query.Length)) : null;

        for (int s = 0; s < t; s++)
        {
            var q = query[segments[s]..segments[s + 1]];
            double sum = 0, squares = 0;
            foreach (float v in q)
            {
                sum += v;
                squares += (double)v * v;
            }

            double mean = q.Length > 0 ? sum / q.Length : 0;
            float meanF = (float)mean;
            double centredSquares = 0, centredSum = 0;
            for (int k = 0; k < q.Length; k++)
            {
                double c = q[k] - mean;
                centredSquares += c * c;
                if (centred is not null)
                {
                    float cf = q[k] - meanF;
                    centred[segments[s] + k] = cf;
                    centredSum += cf;
                }
            }

            stats[(s * Stride) + 0] = squares;
            stats[(s * Stride) + 1] = mean;
            stats[(s * Stride) + 2] = centredSquares;
            stats[(s * Stride) + 3] = centredSum;
        }

        return new QueryProfile(stats, centred, t, query.Length);
    }

    public void Dispose()
    {
        ArrayPool<double>.Shared.Return(_stats);
        _stats = [];
        if (_centred is not null)
        {
            ArrayPool<float>.Shared.Return(_centred);
            _centred = null;
        }
    }
}
