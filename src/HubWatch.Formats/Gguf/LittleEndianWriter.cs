using System.Buffers;
using System.Buffers.Binary;

namespace HubWatch.Formats.Gguf;

/// <summary>Appends little-endian primitives and GGUF strings (uint64 byte length + UTF-8, no terminator).</summary>
internal sealed class LittleEndianWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new(4096);

    public int Length => buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => buffer.WrittenSpan;

    public void Byte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void Bytes(ReadOnlySpan<byte> value) => buffer.Write(value);

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void Float32(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    public void GgufString(string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        UInt64((ulong)bytes.Length);
        Bytes(bytes);
    }

    public void ZeroPadTo(int length)
    {
        var padding = length - Length;
        buffer.GetSpan(padding)[..padding].Clear();
        buffer.Advance(padding);
    }
}
