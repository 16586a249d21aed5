using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Tests.Encoding;

/// <summary>
/// Pins the quantised codecs to bytes and floats written by ggml's own C reference functions (GgmlReference/MANIFEST.md):
/// 12 cases chosen for their edge behaviour — zeros, constant blocks, all-positive blocks, outliers, fp16 subnormal
/// scales, exact rounding ties — and, for decoding, 16,384 values of random blocks per type, which reach every grid
/// entry and bit field a quantiser may leave unused.
/// </summary>
public class GgmlReferenceVectorTests
{
    /// <summary>The types HubWatch writes (the demo hub's GGUF files).</summary>
    public static TheoryData<TensorType, string> QuantizedTypes => new()
    {
        { TensorType.Q8_0, "q8_0" },
        { TensorType.Q4_0, "q4_0" },
        { TensorType.Q4_K, "q4_K" },
        { TensorType.Q6_K, "q6_K" },
        { TensorType.Q2_K, "q2_K" },
        { TensorType.Q3_K, "q3_K" },
        { TensorType.Q5_K, "q5_K" },
        { TensorType.IQ4_XS, "iq4_xs" },
    };

    /// <summary>Every ggml block type HubWatch reads, with its fixture's file stem (ggml's own type name).</summary>
    public static TheoryData<TensorType, string> DecodedTypes => new()
    {
        { TensorType.Q4_0, "q4_0" }, { TensorType.Q4_1, "q4_1" }, { TensorType.Q5_0, "q5_0" }, { TensorType.Q5_1, "q5_1" },
        { TensorType.Q8_0, "q8_0" }, { TensorType.Q2_K, "q2_K" }, { TensorType.Q3_K, "q3_K" }, { TensorType.Q4_K, "q4_K" },
        { TensorType.Q5_K, "q5_K" }, { TensorType.Q6_K, "q6_K" }, { TensorType.Q8_K, "q8_K" },
        { TensorType.IQ2_XXS, "iq2_xxs" }, { TensorType.IQ2_XS, "iq2_xs" }, { TensorType.IQ2_S, "iq2_s" },
        { TensorType.IQ3_XXS, "iq3_xxs" }, { TensorType.IQ3_S, "iq3_s" }, { TensorType.IQ1_S, "iq1_s" }, { TensorType.IQ1_M, "iq1_m" },
        { TensorType.IQ4_NL, "iq4_nl" }, { TensorType.IQ4_XS, "iq4_xs" }, { TensorType.TQ1_0, "tq1_0" }, { TensorType.TQ2_0, "tq2_0" },
        { TensorType.MXFP4, "mxfp4" }, { TensorType.NVFP4, "nvfp4" }, { TensorType.Q1_0, "q1_0" }, { TensorType.Q2_0, "q2_0" },
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
    [MemberData(nameof(DecodedTypes))]
    public void Decoding_what_ggml_quantised_gives_ggmls_dequantized_floats_bit_for_bit(TensorType type, string fileStem) =>
        AssertDecodesAsGgml(type, fileStem);

    [Theory]
    [MemberData(nameof(DecodedTypes))]
    public void Decoding_random_blocks_gives_ggmls_dequantized_floats_bit_for_bit(TensorType type, string fileStem) =>
        AssertDecodesAsGgml(type, fileStem + ".random");

    [Fact]
    public void Every_ggml_type_HubWatch_knows_has_a_reference_fixture()
    {
        var covered = DecodedTypes.Select(row => (TensorType)row[0]).ToHashSet();
        var blockTypes = Enumerable.Range(0, 256)
            .Select(id => Formats.Gguf.GgmlTypeIds.TryGetType((uint)id, out var type) ? type : (TensorType?)null)
            .OfType<TensorType>().Where(type => TensorCodec.BlockSize(type) > 1).ToList();

        Assert.Equal(26, blockTypes.Count);
        Assert.All(blockTypes, type => Assert.Contains(type, covered));
    }

    private static void AssertDecodesAsGgml(TensorType type, string fileStem)
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
                $"{type} element {i} (block {i / TensorCodec.BlockSize(type)}): ggml {expected[i]:R}, ours {actual[i]:R}.");
        }
    }
}
