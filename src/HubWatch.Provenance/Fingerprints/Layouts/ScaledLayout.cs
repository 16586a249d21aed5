using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// Int8 or FP8 codes, row-major, times a scale: the one of the tensor, of its row, or of its square block (a tensor of
/// floats beside the codes), and a constant <paramref name="Factor"/> (bitsandbytes' 1/127, a file-wide metadata scale).
/// </summary>
/// <param name="Scale">The scales: 1 element, one per row, or [⌈rows/Block⌉, ⌈columns/Block⌉]; null for the factor alone.</param>
/// <param name="Block">The side of a square block of one scale; 0 when the scale is per row or per tensor.</param>
public sealed record ScaledLayout(StoredTensorInfo? Scale, int Block, float Factor) : IWeightLayout
{
    public bool ByColumns => false;

    public string Describe(StoredTensorInfo tensor) =>
        Scale is null ? tensor.Type.ToString()
        : Block > 0 ? $"{tensor.Type} in {Block}×{Block} blocks"
        : Scale.Elements == 1 ? $"{tensor.Type} with one scale" : $"{tensor.Type} with row scales";

    public IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window)
    {
        yield return PlainLayout.RunOf(tensor, window).Span;
        if (Scale is not null)
            yield return ScaleSpan(window).Span;
    }

    public void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values)
    {
        PlainLayout.Instance.Decode(tensor, window, bytes, values);
        if (Scale is null)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(values, Factor, values);
            return;
        }
        var (first, span) = ScaleSpan(window);
        var scales = new float[span.Length / TensorCodec.BytesPerBlock(Scale.Type)];
        TensorCodec.Decode(Scale.Type, bytes.Of(span), scales);
        if (scales.FirstOrDefault(s => !float.IsFinite(s)) is var bad && !float.IsFinite(bad))
            throw new InvalidModelFileException($"{Scale.Name} holds a scale that is not a finite number ({bad})");
        var perBlockRow = Block > 0 ? Scale.Shape[^1] : 0;
        for (var r = 0; r < window.Rows; r++)
        {
            var row = window.Row + r;
            for (var c = 0; c < window.Columns; c++)
            {
                var index = Scale.Elements == 1 ? 0
                    : Block > 0 ? row / Block * perBlockRow + (window.Column + c) / Block
                    : row;
                values[(int)(r * window.Columns + c)] *= Factor * scales[index - first];
            }
        }
    }

    /// <summary>The scales of the window's rows: the one scale, the rows' own, or every block of the block rows touched.</summary>
    private (long First, ByteSpan Span) ScaleSpan(TensorWindow window)
    {
        var scale = Scale!;
        var (first, count) = scale.Elements == 1 ? (0L, 1L)
            : Block > 0 ? (window.Row / Block * scale.Shape[^1], ((window.Row + window.Rows - 1) / Block - window.Row / Block + 1) * scale.Shape[^1])
            : (window.Row, window.Rows);
        var size = TensorCodec.BytesPerBlock(scale.Type);
        return (first, new ByteSpan(scale.File, scale.Begin + first * size, scale.Begin + (first + count) * size));
    }
}
