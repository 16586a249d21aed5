using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace HubWatch.Formats.Encoding;

/// <summary>One value per element: F32, F16, I8, U8. Callers have already checked the span lengths.</summary>
internal static class ScalarCodec
{
    public static void EncodeF32(ReadOnlySpan<float> values, Span<byte> destination)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], values[i]);
        }
    }

    public static void DecodeF32(ReadOnlySpan<byte> source, Span<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            source.CopyTo(MemoryMarshal.AsBytes(values));
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
        }
    }

    /// <summary>System.Half's conversion rounds to nearest even, as numpy, PyTorch and ggml's fp16 helpers do.</summary>
    public static void EncodeF16(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)values[i]);
        }
    }

    public static void DecodeF16(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
        }
    }

    /// <summary>
    /// Integer tensors hold integers already; anything else is rounded half away from zero and saturated, so a
    /// stray 127.6 or NaN gives a defined byte (127, 0) instead of C's undefined cast.
    /// </summary>
    public static void EncodeI8(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var rounded = GgmlRounding.RoundHalfAwayFromZero(values[i]);
            destination[i] = unchecked((byte)(sbyte)Math.Clamp((int)rounded, sbyte.MinValue, sbyte.MaxValue));
        }
    }

    public static void DecodeI8(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = unchecked((sbyte)source[i]);
        }
    }

    public static void EncodeU8(ReadOnlySpan<float> values, Span<byte> destination)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var rounded = GgmlRounding.RoundHalfAwayFromZero(values[i]);
            destination[i] = (byte)Math.Clamp((int)rounded, byte.MinValue, byte.MaxValue);
        }
    }

    public static void DecodeU8(ReadOnlySpan<byte> source, Span<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = source[i];
        }
    }
}
