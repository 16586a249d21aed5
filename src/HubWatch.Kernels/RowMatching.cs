namespace HubWatch.Kernels;

/// <summary>
/// Pairs up rows of two weight matrices by cosine, to see through hidden-unit permutation: a fine-tune or a
/// re-export can permute the neurons of a layer (rows) without changing the function, which defeats an
/// element-wise comparison but not a row-matched one.
/// </summary>
public static class RowMatching
{
    /// <summary>
    /// Greedy assignment: repeatedly take the globally best remaining (row of a, row of b) pair, each row used
    /// once. <paramref name="cosines"/> is n×m row-major, as produced by <see cref="ISimilarityKernels.RowCosines"/>.
    /// </summary>
    /// <remarks>
    /// Greedy rather than Hungarian (optimal) on purpose: n is up to a few thousand, where O(n³) Hungarian costs
    /// seconds per layer, while the question asked is "is this a permuted copy?". For an exact or lightly noised
    /// copy every row has one unambiguous maximum (≈1 against ≈N(0, 1/d) for the rest), and greedy then finds the
    /// same assignment; for unrelated matrices both give a low mean, which is all the verdict needs.
    /// <para>
    /// Implementation: each unmatched row of a sits in a max-priority queue keyed by its best still-free column.
    /// When a popped row's column has been taken meanwhile, the row is re-scanned and re-queued; keys only ever
    /// decrease, so a popped row whose column is free is the global best pair. That is exactly "sort all pairs
    /// once and take greedily", without materialising and sorting n·m pairs (9 M for n = m = 3,000). Ties go to the lower
    /// row index, then the lower column. NaN cosines are never preferred over a number.
    /// </para>
    /// </remarks>
    public static RowMatch Greedy(ReadOnlySpan<float> cosines, int n, int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if ((long)n * m != cosines.Length)
        {
            throw new ArgumentException(
                $"cosines has {cosines.Length} values but n × m = {n} × {m} = {(long)n * m}.", nameof(cosines));
        }

        var matchOfA = new int[n];
        Array.Fill(matchOfA, -1);
        var similarity = new float[n];
        var taken = new bool[m];
        var bestColumn = new int[n];

        // Priority: higher cosine first, then lower row (PriorityQueue is a min-heap).
        var queue = new PriorityQueue<int, (float Value, int Row)>(
            n, Comparer<(float Value, int Row)>.Create(static (x, y) =>
                x.Value != y.Value ? y.Value.CompareTo(x.Value) : x.Row.CompareTo(y.Row)));

        if (m > 0)
        {
            for (int i = 0; i < n; i++)
            {
                Enqueue(queue, cosines.Slice(i * m, m), taken, bestColumn, i);
            }
        }

        int matched = 0;
        double sum = 0;
        while (matched < m && queue.TryDequeue(out int row, out _))
        {
            int column = bestColumn[row];
            if (taken[column])
            {
                Enqueue(queue, cosines.Slice(row * m, m), taken, bestColumn, row);
                continue;
            }

            taken[column] = true;
            matchOfA[row] = column;
            similarity[row] = cosines[(row * m) + column];
            sum += similarity[row];
            matched++;
        }

        return new RowMatch(matchOfA, similarity, matched > 0 ? sum / matched : 0, matched);
    }

    private static void Enqueue(
        PriorityQueue<int, (float Value, int Row)> queue,
        ReadOnlySpan<float> row,
        bool[] taken,
        int[] bestColumn,
        int index)
    {
        int best = -1;
        float bestValue = float.NegativeInfinity;
        for (int j = 0; j < row.Length; j++)
        {
            // NaN fails every comparison, so it is only chosen when nothing else is free.
            if (!taken[j] && (best < 0 || row[j] > bestValue))
            {
                best = j;
                bestValue = float.IsNaN(row[j]) ? float.NegativeInfinity : row[j];
            }
        }

        if (best >= 0)
        {
            bestColumn[index] = best;
            queue.Enqueue(index, (bestValue, index));
        }
    }
}
