using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Tests.Encoding;

/// <summary>
/// FP8 against the OCP FP8 specification's own figures (Micikevicius et al., "FP8 Formats for Deep Learning", 2022,
/// table 1: largest, smallest normal and subnormal, NaN and infinity encodings), and rounding as the casts do.
/// </summary>
public sealed class Fp8CodecTests
{
    [Theory]
    [InlineData(0x00, 0f)]
    [InlineData(0x38, 1f)]
    [InlineData(0x7E, 448f)] // largest E4M3: S.1111.110
    [InlineData(0x08, 0.015625f)] // smallest normal, 2^-6
    [InlineData(0x01, 0.001953125f)] // smallest subnormal, 2^-9
    [InlineData(0x07, 0.013671875f)] // largest subnormal, 7/8 · 2^-6
    [InlineData(0xC0, -2f)]
    [InlineData(0xFE, -448f)]
    public void E4M3_decodes_the_specifications_values(int code, float value) => Assert.Equal(value, Decode(TensorType.F8_E4M3, code));

    [Theory]
    [InlineData(0x3C, 1f)]
    [InlineData(0x7B, 57344f)] // largest E5M2
    [InlineData(0x04, 0.00006103515625f)] // smallest normal, 2^-14
    [InlineData(0x01, 0.0000152587890625f)] // smallest subnormal, 2^-16
    [InlineData(0x7C, float.PositiveInfinity)]
    [InlineData(0xFC, float.NegativeInfinity)]
    public void E5M2_decodes_the_specifications_values(int code, float value) => Assert.Equal(value, Decode(TensorType.F8_E5M2, code));

    [Theory]
    [InlineData(TensorType.F8_E4M3, 0x7F)]
    [InlineData(TensorType.F8_E4M3, 0xFF)]
    [InlineData(TensorType.F8_E5M2, 0x7D)]
    [InlineData(TensorType.F8_E5M2, 0xFF)]
    public void NaN_codes_decode_to_NaN(TensorType type, int code) => Assert.True(float.IsNaN(Decode(type, code)));

    [Theory]
    [InlineData(TensorType.F8_E4M3)]
    [InlineData(TensorType.F8_E5M2)]
    public void Every_finite_code_survives_decode_then_encode(TensorType type)
    {
        var codes = Enumerable.Range(0, 256).Select(c => (byte)c).Where(c => float.IsFinite(Decode(type, c))).ToArray();
        var values = new float[codes.Length];
        TensorCodec.Decode(type, codes, values);
        var again = new byte[codes.Length];

        TensorCodec.Encode(type, values, again);

        Assert.Equal(codes, again);
    }

    [Theory]
    [InlineData(1.0625f, 0x38)] // halfway between 1 (mantissa 000) and 1.125 (001): to the even one
    [InlineData(1.1875f, 0x3A)] // halfway between 1.125 (001) and 1.25 (010): to the even one
    [InlineData(1.07f, 0x39)] // nearer 1.125
    [InlineData(1000f, 0x7E)] // beyond 448: saturates
    [InlineData(-1e30f, 0xFE)]
    [InlineData(0.0009f, 0x00)] // under half the smallest subnormal: zero
    [InlineData(0.001f, 0x01)] // over half of it: the smallest subnormal
    public void E4M3_rounds_to_nearest_ties_to_even_and_saturates(float value, int code)
    {
        var bytes = new byte[1];
        TensorCodec.Encode(TensorType.F8_E4M3, [value], bytes);
        Assert.Equal(code, bytes[0]);
    }

    [Fact]
    public void NaN_encodes_as_NaN()
    {
        var bytes = new byte[2];
        TensorCodec.Encode(TensorType.F8_E4M3, [float.NaN], bytes.AsSpan(0, 1));
        TensorCodec.Encode(TensorType.F8_E5M2, [float.NaN], bytes.AsSpan(1, 1));
        Assert.True(float.IsNaN(Decode(TensorType.F8_E4M3, bytes[0])));
        Assert.True(float.IsNaN(Decode(TensorType.F8_E5M2, bytes[1])));
    }

    private static float Decode(TensorType type, int code)
    {
        var value = new float[1];
        TensorCodec.Decode(type, [(byte)code], value);
        return value[0];
    }
}
