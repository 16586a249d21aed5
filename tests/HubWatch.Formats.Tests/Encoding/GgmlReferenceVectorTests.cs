using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Tests.Encoding;

/// <summary>
/// Pins the quantised codecs to bytes and floats written by ggml's own C reference functions (GgmlReference/MANIFEST.md):
/// 12 cases chosen for their edge behaviour — zeros, constant blocks, all-positive blocks, outliers, fp16 subnormal
/// scales, exact rounding ties.
/// </summary>
public class GgmlReferenceVectorTests
{
    public static TheoryData<TensorType, string> QuantizedTypes => new()
    {
        { TensorType.Q8_0, "q8_0" },
        { TensorType.Q4_0, "q4_0" },
        { TensorType.Q4_K, "q4_K" },
        { TensorType.Q6_K, "q6_K" },
    };

    [Theory]
    [MemberData(nameof(QuantizedTypes))]
    public void Encoding_produces_the_bytes_of_ggmls_reference_quantiser(TensorType type, string fileStem)
    {
        var inputs = TestFiles.ReadFloats(TestFiles.GgmlReference("inputs.f32"));
        var expected = File.ReadAllBytes(TestFiles.GgmlReference($"{fileStem}.bin"));
        var actual = new byte[TensorCodec.ByteCount(type, inputs.Length)];

        TensorCodec.Encode(type, inputs, actual);

        Assert.Equal(expected.Length, actual.Length);
        var blockBytes = TensorCodec.BytesPerBlock(type);
        var firstDifference = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(
            firstDifference == expected.Length,
            $"{type}: first differing byte {firstDifference} (block {firstDifference / blockBytes}, byte {firstDifference % blockBytes} in the block).");
    }

    [Theory]
    [MemberData(nameof(QuantizedTypes))]
    public void Decoding_ggml_blocks_gives_ggmls_dequantized_floats_bit_for_bit(TensorType type, string fileStem)
    {
        var blocks = File.ReadAllBytes(TestFiles.GgmlReference($"{fileStem}.bin"));
        var expected = TestFiles.ReadFloats(TestFiles.GgmlReference($"{fileStem}.dequant.f32"));
        var actual = new float[expected.Length];

        TensorCodec.Decode(type, blocks, actual);

        for (var i = 0; i < expected.Length; i++)
        {
            // Bits, not values: ggml writes −0 where d is negative, and the decoder must too.
            Assert.True(
                BitConverter.SingleToUInt32Bits(expected[i]) == BitConverter.SingleToUInt32Bits(actual[i]),
                $"{type} element {i} (case {i / 256}): ggml {expected[i]:R}, ours {actual[i]:R}.");
        }
    }
}
