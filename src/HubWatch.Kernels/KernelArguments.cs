namespace HubWatch.Kernels;

/// <summary>
/// Argument checks shared by every <see cref="ISimilarityKernels"/> implementation, so that all of them reject the
/// same inputs with the same messages (a wrong length would otherwise read past a row or silently truncate).
/// </summary>
internal static class KernelArguments
{
    /// <summary>Validates a Compare call and returns T, the number of segments.</summary>
    public static int ValidateCompare(
        ReadOnlySpan<float> query,
        ReadOnlySpan<float> stored,
        int count,
        ReadOnlySpan<int> segments,
        Span<float> cosine,
        Span<float> correlation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int d = query.Length;
        ValidateSegments(segments, d);
        int t = segments.Length - 1;

        if ((long)count * d != stored.Length)
        {
            throw new ArgumentException(
                $"stored has {stored.Length} floats but count × D = {count} × {d} = {(long)count * d}.",
                nameof(stored));
        }

        long outputs = (long)count * t;
        if (cosine.Length != outputs)
        {
            throw new ArgumentException(
                $"cosine has {cosine.Length} floats but count × T = {count} × {t} = {outputs}.", nameof(cosine));
        }

        if (correlation.Length != outputs)
        {
            throw new ArgumentException(
                $"correlation has {correlation.Length} floats but count × T = {count} × {t} = {outputs}.",
                nameof(correlation));
        }

        return t;
    }

    /// <summary>Validates a RowCosines call.</summary>
    public static void ValidateRowCosines(
        ReadOnlySpan<float> a,
        int n,
        ReadOnlySpan<float> b,
        int m,
        int d,
        Span<float> result)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(d);

        if ((long)n * d != a.Length)
        {
            throw new ArgumentException($"a has {a.Length} floats but n × d = {n} × {d} = {(long)n * d}.", nameof(a));
        }

        if ((long)m * d != b.Length)
        {
            throw new ArgumentException($"b has {b.Length} floats but m × d = {m} × {d} = {(long)m * d}.", nameof(b));
        }

        if ((long)n * m != result.Length)
        {
            throw new ArgumentException(
                $"result has {result.Length} floats but n × m = {n} × {m} = {(long)n * m}.", nameof(result));
        }
    }

    /// <summary>The longest segment, to size per-worker scratch buffers.</summary>
    public static int MaxSegmentLength(ReadOnlySpan<int> segments)
    {
        int max = 0;
        for (int t = 0; t + 1 < segments.Length; t++)
        {
            max = Math.Max(max, segments[t + 1] - segments[t]);
        }

        return max;
    }

    // Empty segments are allowed (a tensor that contributed no samples); they yield 0 like any zero-norm pair.
    private static void ValidateSegments(ReadOnlySpan<int> segments, int d)
    {
        if (segments.Length < 1)
        {
            throw new ArgumentException("segments must hold T+1 bounds (at least the single bound 0).", nameof(segments));
        }

        if (segments[0] != 0)
        {
            throw new ArgumentException($"segments must start at 0 but starts at {segments[0]}.", nameof(segments));
        }

        if (segments[^1] != d)
        {
            throw new ArgumentException(
                $"segments must end at D = query.Length = {d} but ends at {segments[^1]}.", nameof(segments));
        }

        for (int t = 1; t < segments.Length; t++)
        {
            if (segments[t] < segments[t - 1])
            {
                throw new ArgumentException(
                    $"segments must be ascending: bound {t} ({segments[t]}) is below bound {t - 1} ({segments[t - 1]}).",
                    nameof(segments));
            }
        }
    }
}
