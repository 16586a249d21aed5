namespace HubWatch.Provenance.Fingerprints;

/// <summary>
/// A rectangle of a tensor seen as a matrix: its last dimension is the columns, all others flattened are the rows
/// (a linear layer's [out, in] as transformers stores it; a vector is one row).
/// </summary>
public readonly record struct TensorWindow(long Row, long Rows, long Column, long Columns)
{
    public long Count => Rows * Columns;

    public bool Contains(TensorWindow other) =>
        Row <= other.Row && other.Row + other.Rows <= Row + Rows && Column <= other.Column && other.Column + other.Columns <= Column + Columns;

    /// <summary>The whole of a tensor of this shape.</summary>
    public static TensorWindow All(long[] shape)
    {
        var columns = shape.Length == 0 ? 1 : shape[^1];
        return new TensorWindow(0, columns == 0 ? 0 : shape.Aggregate(1L, (a, b) => a * b) / columns, 0, columns);
    }

    /// <summary>Copies the values of <paramref name="inner"/> out of <paramref name="values"/>, which hold this window row by row.</summary>
    public float[] Extract(ReadOnlySpan<float> values, TensorWindow inner)
    {
        var result = new float[inner.Count];
        for (var r = 0; r < inner.Rows; r++)
            values.Slice((int)((inner.Row - Row + r) * Columns + inner.Column - Column), (int)inner.Columns).CopyTo(result.AsSpan((int)(r * inner.Columns)));
        return result;
    }
}

/// <summary>Bytes [Begin, End) of one file of the model.</summary>
public readonly record struct ByteSpan(int File, long Begin, long End)
{
    public long Length => End - Begin;
}

/// <summary>The bytes the plan's ranges brought back, looked up by span.</summary>
public sealed class FetchedBytes
{
    private readonly List<(ByteRange Range, byte[] Bytes)> _ranges = [];

    public void Add(ByteRange range, byte[] bytes) => _ranges.Add((range, bytes));

    public bool Covers(ByteSpan span) => _ranges.Exists(r => Holds(r.Range, span));

    /// <summary>Lets go of the ranges none of <paramref name="needed"/> lies in.</summary>
    public void KeepOnly(IEnumerable<ByteSpan> needed)
    {
        var spans = needed.ToList();
        _ranges.RemoveAll(r => !spans.Exists(s => Holds(r.Range, s)));
    }

    private static bool Holds(ByteRange range, ByteSpan span) => range.File == span.File && range.Begin <= span.Begin && span.End <= range.End;

    /// <exception cref="InvalidOperationException">No range read covers the span: the plan and its layouts disagree.</exception>
    public ReadOnlySpan<byte> Of(ByteSpan span)
    {
        foreach (var (range, bytes) in _ranges)
        {
            if (Holds(range, span))
                return bytes.AsSpan((int)(span.Begin - range.Begin), (int)span.Length);
        }
        throw new InvalidOperationException($"bytes {span.Begin}-{span.End} of file {span.File} were not read");
    }
}
