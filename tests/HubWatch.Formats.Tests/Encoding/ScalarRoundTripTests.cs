using System.Buffers.Binary;
using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Tests.Encoding;

/// <summary>Scalar types: every value the target type can represent must survive encode then decode unchanged.</summary>
public class ScalarRoundTripTests
{
    [Fact]
    public void F32_keeps_every_bit_pattern_including_nan_payloads_and_subnormals()
    {
        float[] values = [0f, -0f, 1.5f, float.Epsilon, -float.MaxValue, float.PositiveInfinity, BitConverter.UInt32BitsToSingle(0x7FC0_1234)];
        var bytes = new byte[TensorCodec.ByteCount(TensorType.F32, values.Length)];
        var decoded = new float[values.Length];

        TensorCodec.Encode(TensorType.F32, values, bytes);
        TensorCodec.Decode(TensorType.F32, bytes, decoded);

        Assert.Equal(0x7FC0_1234u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), decoded.Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void F16_round_trips_every_non_nan_half_exactly()
    {
        var patterns = Enumerable.Range(0, 65536).Select(i => (ushort)i).Where(p => !Half.IsNaN(BitConverter.UInt16BitsToHalf(p))).ToArray();
        var values = patterns.Select(p => (float)BitConverter.UInt16BitsToHalf(p)).ToArray();

        var (bytes, decoded) = RoundTrip(TensorType.F16, values);

        Assert.Equal(patterns, ReadUInt16s(bytes));
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), decoded.Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void Bf16_round_trips_every_non_nan_bfloat16_exactly()
    {
        var patterns = Enumerable.Range(0, 65536).Select(i => (ushort)i).Where(p => !float.IsNaN(BitConverter.UInt32BitsToSingle((uint)p << 16))).ToArray();
        var values = patterns.Select(p => BitConverter.UInt32BitsToSingle((uint)p << 16)).ToArray();

        var (bytes, decoded) = RoundTrip(TensorType.BF16, values);

        Assert.Equal(patterns, ReadUInt16s(bytes));
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), decoded.Select(BitConverter.SingleToUInt32Bits));
    }

    [Fact]
    public void I8_and_U8_round_trip_every_integer_in_range()
    {
        var signed = Enumerable.Range(-128, 256).Select(i => (float)i).ToArray();
        var unsigned = Enumerable.Range(0, 256).Select(i => (float)i).ToArray();

        var (signedBytes, signedDecoded) = RoundTrip(TensorType.I8, signed);
        var (unsignedBytes, unsignedDecoded) = RoundTrip(TensorType.U8, unsigned);

        Assert.Equal(signed, signedDecoded);
        Assert.Equal(Enumerable.Range(-128, 256).Select(i => unchecked((byte)(sbyte)i)), signedBytes);
        Assert.Equal(unsigned, unsignedDecoded);
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), unsignedBytes);
    }

    [Fact]
    public void Integer_types_round_half_away_from_zero_and_saturate()
    {
        float[] values = [2.5f, -2.5f, 1000f, -1000f, float.NaN];

        var (signed, _) = RoundTrip(TensorType.I8, values);
        var (unsigned, _) = RoundTrip(TensorType.U8, values);

        Assert.Equal(new byte[] { 3, 0xFD, 127, 0x80, 0 }, signed);
        Assert.Equal(new byte[] { 3, 0, 255, 0, 0 }, unsigned);
    }

    internal static (byte[] Bytes, float[] Decoded) RoundTrip(TensorType type, float[] values)
    {
        var bytes = new byte[TensorCodec.ByteCount(type, values.Length)];
        var decoded = new float[values.Length];
        TensorCodec.Encode(type, values, bytes);
        TensorCodec.Decode(type, bytes, decoded);
        return (bytes, decoded);
    }

    private static ushort[] ReadUInt16s(byte[] bytes) =>
        Enumerable.Range(0, bytes.Length / 2).Select(i => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i))).ToArray();
}
