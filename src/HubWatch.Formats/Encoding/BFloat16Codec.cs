using System.Buffers.Binary;

namespace HubWatch.Formats.Encoding;

/// <summary>
/// bfloat16 as PyTorch writes it: c10::detail::round_to_nearest_even (pytorch/pytorch, c10/util/BFloat16.h) adds
/// 0x7FFF plus the lowest kept bit and truncates, i.e. round to nearest, ties to even; every NaN becomes 0x7FC0.
/// (ATen's vectorised CPU cast maps NaN to 0xFFFF instead; finite values agree.)
/// </summary>
internal static class BFloat16Codec
{
    public const ushort CanonicalNaN = 0x7FC0;

    public static ushort FromSingle(float value)
    {
        if (float.IsNaN(value))
        {
            return CanonicalNaN;
        }

        var bits = BitConverter.SingleToUInt32Bits(value);
        var roundingBias = ((bits >> 16) & 1) + 0x7FFFu;
        return (ushort)((bits + roundingBias) >> 16);
    }

    public static float ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    public static void Encode(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(i * 2)..], FromSingle(values[i]));
        }
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]));
        }
    }
}
