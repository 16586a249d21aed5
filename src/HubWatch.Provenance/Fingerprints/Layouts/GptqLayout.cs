using System.Buffers.Binary;
using HubWatch.Formats.Packed;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// GPTQ (AutoGPTQ, GPTQModel): a linear layer's [out, in] weight as <c>qweight</c> I32 [in·bits/32, out], packed
/// along the input dimension; <c>qzeros</c> I32 [groups, out·bits/32], packed along the output; <c>scales</c> [groups, out];
/// <c>g_idx</c> I32 [in], each input's group (in act order, <c>desc_act</c>, any group). Value =
/// scale·(q − zero), where the "gptq" (v1) checkpoint format stores zero − 1 and "gptq_v2" the zero itself
/// (AutoGPTQ <c>qlinear_cuda.py</c>; GPTQModel <c>dequantize_weight</c> and <c>_correct_gptq_v1_qzeros</c>: zero = (field + 1) mod 2^bits).
/// </summary>
/// <param name="ZeroOffset">1 for the v1 format, 0 for gptq_v2.</param>
/// <param name="ActOrder">Inputs may be in any group (<c>desc_act</c>): every group's scales are read.</param>
public sealed record GptqLayout(StoredPart QWeight, StoredPart QZeros, StoredPart Scales, StoredPart? GIdx, int Bits, int GroupSize, int ZeroOffset, bool ActOrder) : IWeightLayout
{
    public bool ByColumns => true;

    private long Groups => Scales.Shape[0];

    public string Describe(StoredTensorInfo tensor) =>
        $"GPTQ {Bits}-bit{(ZeroOffset == 0 ? " (v2)" : "")}, groups of {GroupSize}{(ActOrder ? ", act order" : "")}";

    public IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window)
    {
        var g = Geometry(tensor, window);
        yield return g.QWeight;
        yield return g.QZeros;
        yield return g.Scales;
        if (g.GIdx is { } gIdx)
            yield return gIdx;
    }

    public void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values)
    {
        var g = Geometry(tensor, window);
        var qweight = bytes.Of(g.QWeight);
        var qzeros = bytes.Of(g.QZeros);
        var scales = Scales.Floats(bytes, g.Scales);
        var gIdx = g.GIdx is { } span ? bytes.Of(span) : default;
        var (outputs, zeroColumns, mask) = (QWeight.Columns, QZeros.Columns, (1u << Bits) - 1);
        var half = Scales.Dtype == "F16";
        for (var c = 0; c < window.Columns; c++)
        {
            var input = window.Column + c;
            long group = GIdx is null ? input / GroupSize : BinaryPrimitives.ReadInt32LittleEndian(gIdx[(c * 4)..]);
            if (group < g.FirstGroup || group > g.LastGroup)
                throw new InvalidModelFileException(group < 0 || group >= Groups
                    ? $"{GIdx!.Name} puts input {input} in group {group}, but there are {Groups} groups"
                    : $"{GIdx!.Name} puts input {input} in group {group}, out of order, but the quantisation config says desc_act is false");
            for (var r = 0; r < window.Rows; r++)
            {
                var output = window.Row + r;
                var q = PackedFields.Field(qweight, ((input / 32 * Bits - g.FirstWordRow) * outputs + output - window.Row) * 4, outputs * 4, (int)(input % 32), Bits);
                var zero = (PackedFields.Field(qzeros, ((group - g.FirstGroup) * zeroColumns + output / 32 * Bits - g.FirstZeroColumn) * 4, 4, (int)(output % 32), Bits) + (uint)ZeroOffset) & mask;
                var value = scales[(group - g.FirstGroup) * outputs + output - window.Row] * ((int)q - (int)zero);
                values[(int)(r * window.Columns + c)] = half ? (float)(Half)value : value; // the reference multiplies in fp16
            }
        }
    }

    private readonly record struct PartSpans(ByteSpan QWeight, ByteSpan QZeros, ByteSpan Scales, ByteSpan? GIdx, long FirstWordRow, long FirstZeroColumn, long FirstGroup, long LastGroup);

    /// <summary>The cover of each part for the window: packed rows of its inputs, the groups they fall in, zero words of its outputs.</summary>
    private PartSpans Geometry(StoredTensorInfo tensor, TensorWindow window)
    {
        var (r0, r1, c0, c1) = (window.Row, window.Row + window.Rows, window.Column, window.Column + window.Columns);
        var (firstWordRow, endWordRow) = (c0 / 32 * Bits, (c1 + 31) / 32 * Bits);
        var (firstGroup, lastGroup) = ActOrder ? (0, Groups - 1) : (c0 / GroupSize, (c1 - 1) / GroupSize);
        var (firstZero, endZero) = (r0 / 32 * Bits, (r1 + 31) / 32 * Bits);
        return new PartSpans(
            QWeight.Cover(firstWordRow, r0, endWordRow - 1, r1, 4),
            QZeros.Cover(firstGroup, firstZero, lastGroup, endZero, 4),
            Scales.Cover(firstGroup, r0, lastGroup, r1, Scales.ElementBytes),
            GIdx?.Span(c0, c1 - c0, 4),
            firstWordRow, firstZero, firstGroup, lastGroup);
    }
}
