using HubWatch.Formats.Packed;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// bitsandbytes 4-bit (nf4, fp4), as transformers saves a Linear4bit: <c>weight</c> holds the [out, in] matrix's codes
/// flat, two a byte, the even element in the high nibble (its dtype and shape are a label: with a quant storage other
/// than uint8 the same bytes are called BF16), <c>weight.absmax</c> one float per block of the flat order, or with double
/// quantisation one byte per block decoded through <c>nested_quant_map</c> × <c>nested_absmax</c> (per 256 blocks) +
/// the state's offset. Value = table[code] × absmax in float32, rounded to the state's dtype (bitsandbytes
/// <c>backends/default/ops.py</c> <c>_dequantize_4bit_compute</c>, <c>functional.py</c> <c>dequantize_4bit</c>;
/// <c>csrc/kernels.cu</c> <c>kDequantizeBlockwise</c>).
/// </summary>
public sealed record Bnb4BitLayout(StoredPart Codes, StoredPart Absmax, StoredPart? NestedAbsmax, StoredPart? NestedMap, Bnb4BitState State) : IWeightLayout
{
    /// <summary>FP4 (E2M1, sign in bit 3) over 12, as the kernels decode it: code 8 is −0 there (the stored quant_map says +0).</summary>
    private static readonly float[] Fp4 = [.. ((float[])[0f, 0.0625f, 8f, 12f, 4f, 6f, 2f, 3f]).Select(v => v / 12f), .. ((float[])[0f, 0.0625f, 8f, 12f, 4f, 6f, 2f, 3f]).Select(v => -(v / 12f))];

    public bool ByColumns => false;

    public string Describe(StoredTensorInfo tensor) =>
        $"bitsandbytes {State.QuantType}, blocks of {State.BlockSize}{(NestedAbsmax is null ? "" : ", double quantised")}";

    public IEnumerable<ByteSpan> Spans(StoredTensorInfo tensor, TensorWindow window)
    {
        var (first, end) = Flat(window);
        var (firstBlock, endBlock) = (first / State.BlockSize, (end - 1) / State.BlockSize + 1);
        yield return Codes.Span(first / 2, (end + 1) / 2 - first / 2, 1);
        if (NestedAbsmax is null)
        {
            yield return Absmax.Span(firstBlock, endBlock - firstBlock, 4);
            yield break;
        }
        yield return Absmax.Span(firstBlock, endBlock - firstBlock, 1);
        yield return NestedAbsmax.Span(firstBlock / 256, (endBlock - 1) / 256 + 1 - firstBlock / 256, 4);
        yield return NestedMap!.Span(0, 256, 4);
    }

    public void Decode(StoredTensorInfo tensor, TensorWindow window, FetchedBytes bytes, Span<float> values)
    {
        var spans = Spans(tensor, window).ToList();
        var (first, _) = Flat(window);
        var (firstByte, firstBlock) = (first / 2, first / State.BlockSize);
        var codes = bytes.Of(spans[0]);
        var absmax = NestedAbsmax is null ? Absmax.Floats(bytes, spans[1]) : Nested(bytes.Of(spans[1]), NestedAbsmax.Floats(bytes, spans[2]), NestedMap!.Floats(bytes, spans[3]), firstBlock);
        var table = State.QuantType == "nf4" ? NormalFloat4.Levels : Fp4;
        for (var r = 0; r < window.Rows; r++)
        {
            for (var c = 0; c < window.Columns; c++)
            {
                var i = (window.Row + r) * State.Columns + window.Column + c;
                var code = codes[(int)(i / 2 - firstByte)];
                var q = i % 2 == 0 ? code >> 4 : code & 0xF;
                values[(int)(r * window.Columns + c)] = FloatRounding.To(table[q] * absmax[i / State.BlockSize - firstBlock], State.Dtype);
            }
        }
    }

    /// <summary>dequantize_blockwise of the absmax bytes, then += offset: each a float32 operation, in that order.</summary>
    private float[] Nested(ReadOnlySpan<byte> codes, float[] nestedAbsmax, float[] map, long firstBlock)
    {
        var absmax = new float[codes.Length];
        for (var b = 0; b < codes.Length; b++)
        {
            var scaled = map[codes[b]] * nestedAbsmax[(firstBlock + b) / 256 - firstBlock / 256];
            absmax[b] = scaled + State.NestedOffset;
        }
        return absmax;
    }

    /// <summary>The window's elements in the flat row-major order the blocks run over: [first, end).</summary>
    private (long First, long End) Flat(TensorWindow window) =>
        ((window.Row * State.Columns) + window.Column, ((window.Row + window.Rows - 1) * State.Columns) + window.Column + window.Columns);
}
