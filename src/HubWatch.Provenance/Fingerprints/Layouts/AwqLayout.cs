using HubWatch.Formats.Packed;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// AWQ, AutoAWQ's GEMM layout: a linear layer's [out, in] weight as <c>qweight</c> I32 [in, out/8] (4-bit), <c>qzeros</c>
/// I32 [groups, out/8], <c>scales</c> [groups, out]; eight outputs per word in AWQ's interleaved order, output 8w + e
/// in nibble <see cref="ReverseOrder"/>[e]. Value = (q − zero)·scale, no offset (AutoAWQ <c>utils/packing_utils.py</c>,
/// <c>dequantize_gemm</c>).
/// </summary>
public sealed record AwqLayout(StoredPart QWeight, StoredPart QZeros, StoredPart Scales, int GroupSize) : IWeightLayout
{
    /// <summary>AutoAWQ's <c>AWQ_REVERSE_ORDER</c>: the nibble holding each of a word's eight outputs.</summary>
    public static readonly int[] ReverseOrder = [0, 4, 1, 5, 2, 6, 3, 7];

    public bool ByColumns => true;

    public string Describe(StoredTensorInfo tensor) => $"AWQ 4-bit, groups of {GroupSize}";

    public IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window)
    {
        var (qweight, qzeros, scales, _, _) = Geometry(window);
        return [qweight, qzeros, scales];
    }

    public void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values)
    {
        var (qweightSpan, qzerosSpan, scalesSpan, firstWord, firstGroup) = Geometry(window);
        var qweight = bytes.Of(qweightSpan);
        var qzeros = bytes.Of(qzerosSpan);
        var scales = Scales.Floats(bytes, scalesSpan);
        var (words, outputs) = (QWeight.Columns, Scales.Columns);
        var half = Scales.Dtype == "F16";
        for (var c = 0; c < window.Columns; c++)
        {
            var input = window.Column + c;
            var group = input / GroupSize;
            for (var r = 0; r < window.Rows; r++)
            {
                var output = window.Row + r;
                var shift = 4 * ReverseOrder[output % 8];
                var q = PackedFields.Word(qweight, ((input - window.Column) * words + output / 8 - firstWord) * 4) >> shift & 15;
                var zero = PackedFields.Word(qzeros, ((group - firstGroup) * words + output / 8 - firstWord) * 4) >> shift & 15;
                var value = ((int)q - (int)zero) * scales[(group - firstGroup) * outputs + output - window.Row];
                values[(int)(r * window.Columns + c)] = half ? (float)(Half)value : value; // the reference multiplies in fp16
            }
        }
    }

    private (ByteSpan QWeight, ByteSpan QZeros, ByteSpan Scales, long FirstWord, long FirstGroup) Geometry(TensorWindow window)
    {
        var (r0, r1, c0, c1) = (window.Row, window.Row + window.Rows, window.Column, window.Column + window.Columns);
        var (firstWord, endWord) = (r0 / 8, (r1 + 7) / 8);
        var (firstGroup, lastGroup) = (c0 / GroupSize, (c1 - 1) / GroupSize);
        return (QWeight.Cover(c0, firstWord, c1 - 1, endWord, 4), QZeros.Cover(firstGroup, firstWord, lastGroup, endWord, 4),
            Scales.Cover(firstGroup, r0, lastGroup, r1, Scales.ElementBytes), firstWord, firstGroup);
    }
}
