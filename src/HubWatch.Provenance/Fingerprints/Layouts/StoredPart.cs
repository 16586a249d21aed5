using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>One of the tensors a packed quantisation stores a weight in (codes, zeros, scales, indexes), as the file has it.</summary>
public sealed record StoredPart(string Name, string Dtype, long[] Shape, long Begin, long End, int File)
{
    public long Columns => Shape.Length == 0 ? 1 : Shape[^1];
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Bytes it occupies in the file.</summary>
    public long Length => End - Begin;

    /// <summary>The type of a part of floats (scales, biases); null for integer parts.</summary>
    public TensorType? FloatType => Dtype switch
    {
        "F32" => TensorType.F32,
        "F16" => TensorType.F16,
        "BF16" => TensorType.BF16,
        _ => null,
    };

    /// <summary>Elements [first, first + count) of it, <paramref name="elementBytes"/> bytes each.</summary>
    public ByteSpan Span(long first, long count, int elementBytes) => new(File, Begin + first * elementBytes, Begin + (first + count) * elementBytes);

    /// <summary>The span from element (row, column) to element (lastRow, endColumn), rows of <see cref="Columns"/>: the rectangle's cover.</summary>
    public ByteSpan Cover(long row, long column, long lastRow, long endColumn, int elementBytes) =>
        Span(row * Columns + column, (lastRow * Columns + endColumn) - (row * Columns + column), elementBytes);

    /// <summary>Its floats in <paramref name="span"/>, every one finite.</summary>
    /// <exception cref="InvalidModelFileException">A value is NaN or infinite: every weight it scales would be.</exception>
    public float[] Floats(FetchedBytes bytes, ByteSpan span)
    {
        var type = FloatType!.Value;
        var values = new float[span.Length / TensorCodec.BytesPerBlock(type)];
        TensorCodec.Decode(type, bytes.Of(span), values);
        if (Array.FindIndex(values, v => !float.IsFinite(v)) is var bad and >= 0)
            throw new InvalidModelFileException($"{Name} holds a value that is not a finite number ({values[bad]})");
        return values;
    }

    public int ElementBytes => FloatType is { } type ? TensorCodec.BytesPerBlock(type) : 4;
}
