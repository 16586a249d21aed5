using HubWatch.Formats.Packed;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// MLX's affine quantisation (<c>mx.quantize</c>, mlx-lm): a [out, in] weight as <c>weight</c> U32 [out, in·bits/32],
/// each row one bit stream of <paramref name="Bits"/>-bit codes, least significant first (3-, 5- and 6-bit codes cross
/// words), and <c>scales</c>, <c>biases</c> [out, in/group] in the model's float type. Value = scale·q + bias, rounded to
/// that type after the product and after the sum, as MLX's own fallback does (<c>mlx/ops.cpp</c> <c>dequantize</c>).
/// </summary>
public sealed record MlxLayout(StoredPart Weight, StoredPart Scales, StoredPart Biases, int Bits, int GroupSize) : IWeightLayout
{
    public bool ByColumns => false;

    public string Describe(StoredTensorInfo tensor) => $"MLX {Bits}-bit, groups of {GroupSize}";

    public IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window)
    {
        var (weight, scales, biases, _, _) = Geometry(window);
        return [weight, scales, biases];
    }

    public void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values)
    {
        var (weightSpan, scalesSpan, biasesSpan, firstWord, firstGroup) = Geometry(window);
        var words = bytes.Of(weightSpan);
        var (scales, biases) = (Scales.Floats(bytes, scalesSpan), Biases.Floats(bytes, biasesSpan));
        var (rowWords, groups) = (Weight.Columns, Scales.Columns);
        var type = Scales.Dtype;
        for (var r = 0; r < window.Rows; r++)
        {
            var rowOffset = (r * rowWords - firstWord) * 4; // the row's first word, from the span's start
            for (var c = 0; c < window.Columns; c++)
            {
                var input = window.Column + c;
                var q = PackedFields.Field(words, rowOffset, 4, (int)input, Bits);
                var g = r * groups + input / GroupSize - firstGroup;
                values[(int)(r * window.Columns + c)] = FloatRounding.To(FloatRounding.To(scales[g] * q, type) + biases[g], type);
            }
        }
    }

    private (ByteSpan Weight, ByteSpan Scales, ByteSpan Biases, long FirstWord, long FirstGroup) Geometry(TensorWindow window)
    {
        var (r0, r1, c0, c1) = (window.Row, window.Row + window.Rows, window.Column, window.Column + window.Columns);
        var (firstWord, endWord) = (c0 * Bits / 32, (c1 * Bits + 31) / 32);
        var (firstGroup, endGroup) = (c0 / GroupSize, (c1 - 1) / GroupSize + 1);
        return (Weight.Cover(r0, firstWord, r1 - 1, endWord, 4), Scales.Cover(r0, firstGroup, r1 - 1, endGroup, Scales.ElementBytes),
            Biases.Cover(r0, firstGroup, r1 - 1, endGroup, Biases.ElementBytes), firstWord, firstGroup);
    }
}
