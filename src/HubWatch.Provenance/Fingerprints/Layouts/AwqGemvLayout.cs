using HubWatch.Formats.Packed;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// AWQ, AutoAWQ's GEMV layout (<c>awq/modules/linear/gemv.py</c>): a linear layer's [out, in] weight as <c>qweight</c>
/// I32 [out, in/8], each output's inputs eight a word in order (input 8w + e in nibble e); <c>qzeros</c> I32
/// [out, width] and <c>scales</c> [out, width·8], a group per nibble or column and padded to
/// <see cref="ZerosWidth"/>. Value = (q − zero)·scale, as its kernels compute it in half.
/// </summary>
public sealed record AwqGemvLayout(StoredPart QWeight, StoredPart QZeros, StoredPart Scales, int GroupSize) : IWeightLayout
{
    public bool ByColumns => false;

    public string Describe(StoredTensorInfo tensor) => $"AWQ 4-bit (GEMV), groups of {GroupSize}";

    /// <summary>AutoAWQ's <c>calculate_zeros_width</c>: words for the groups, rounded up to 2 for groups of 64, 4 for 32.</summary>
    public static long ZerosWidth(long inputs, int groupSize)
    {
        var multiplier = groupSize >= 128 ? 1 : groupSize == 64 ? 2 : 4;
        var words = (inputs / groupSize + 7) / 8;
        return (words + multiplier - 1) / multiplier * multiplier;
    }

    public IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window)
    {
        var (qweight, qzeros, scales, _, _, _) = Geometry(window);
        return [qweight, qzeros, scales];
    }

    public void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values)
    {
        var (qweightSpan, qzerosSpan, scalesSpan, firstWord, firstZeroWord, firstGroup) = Geometry(window);
        var qweight = bytes.Of(qweightSpan);
        var qzeros = bytes.Of(qzerosSpan);
        var scales = Scales.Floats(bytes, scalesSpan);
        var half = Scales.Dtype == "F16";
        for (var r = 0; r < window.Rows; r++)
        {
            for (var c = 0; c < window.Columns; c++)
            {
                var input = window.Column + c;
                var group = input / GroupSize;
                var q = PackedFields.Word(qweight, ((r * QWeight.Columns) + (input / 8) - firstWord) * 4) >> (int)(4 * (input % 8)) & 15;
                var zero = PackedFields.Word(qzeros, ((r * QZeros.Columns) + (group / 8) - firstZeroWord) * 4) >> (int)(4 * (group % 8)) & 15;
                var value = ((int)q - (int)zero) * scales[(r * Scales.Columns) + group - firstGroup];
                values[(int)(r * window.Columns + c)] = half ? (float)(Half)value : value;
            }
        }
    }

    private (ByteSpan QWeight, ByteSpan QZeros, ByteSpan Scales, long FirstWord, long FirstZeroWord, long FirstGroup) Geometry(TensorWindow window)
    {
        var (r0, r1, c0, c1) = (window.Row, window.Row + window.Rows, window.Column, window.Column + window.Columns);
        var (firstGroup, lastGroup) = (c0 / GroupSize, (c1 - 1) / GroupSize);
        return (QWeight.Cover(r0, c0 / 8, r1 - 1, (c1 + 7) / 8, 4), QZeros.Cover(r0, firstGroup / 8, r1 - 1, (lastGroup / 8) + 1, 4),
            Scales.Cover(r0, firstGroup, r1 - 1, lastGroup + 1, Scales.ElementBytes), c0 / 8, firstGroup / 8, firstGroup);
    }
}
