using System.Buffers.Binary;

namespace HubWatch.Formats.Packed;

/// <summary>
/// Integers packed into little-endian 32-bit words, least significant bits first, as GPTQ, AWQ and MLX store their codes.
/// </summary>
public static class PackedFields
{
    /// <summary>
    /// Field <paramref name="index"/> of a bit stream of <paramref name="bits"/>-bit fields spread over words
    /// <paramref name="stride"/> bytes apart from <paramref name="offset"/>: 32 fields in <paramref name="bits"/> words,
    /// field k at bit k·bits of the words taken as one number, the first word lowest. For 2, 4 and 8 bits that is
    /// 32/bits fields per word; 3-bit fields cross word boundaries (AutoGPTQ's <c>pack()</c>: fields 10 and 21 straddle).
    /// </summary>
    public static uint Field(ReadOnlySpan<byte> bytes, long offset, long stride, int index, int bits)
    {
        var bit = index * bits;
        var (word, shift) = (bit >> 5, bit & 31);
        var value = Word(bytes, offset + word * stride) >> shift;
        if (shift + bits > 32)
            value |= Word(bytes, offset + (word + 1) * stride) << (32 - shift);
        return value & ((1u << bits) - 1);
    }

    public static uint Word(ReadOnlySpan<byte> bytes, long offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(int)offset..]);
}
