using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// Q8_K, the k-quant HubWatch reads but does not write (ggml's dot-product intermediate, rare in files). A port of
/// dequantize_row_q8_K (ggml/src/ggml-quants.c, ggml-org/ggml at d99724f2b141fed9e1a9f402213506c081433465).
/// </summary>
internal static class KQuantDecoders
{
    /// <summary>block_q8_K: float32 d, 256 int8 codes, 16 int16 sums (292 bytes); value = d·q.</summary>
    public static void DecodeQ8_K(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var block = 0; block < values.Length / 256; block++)
        {
            var x = source.Slice(block * 292, 292);
            var d = BinaryPrimitives.ReadSingleLittleEndian(x);
            for (var j = 0; j < 256; j++)
                values[(block * 256) + j] = d * (sbyte)x[4 + j];
        }
    }
}
