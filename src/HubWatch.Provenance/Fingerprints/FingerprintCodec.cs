using System.Text;
using HubWatch.Formats.Encoding;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>
/// The stored form of a model's tensor fingerprints: a few kB per tensor instead of JSON's tens. Anchor values are
/// kept as half floats relative to the tensor's largest anchor value, so precision does not depend on the weights'
/// scale (2⁻¹¹ of the largest value: far below a Q8_0 step, the finest difference the classifier must see).
/// </summary>
public static class FingerprintCodec
{
    private const uint Magic = 0x50465748; // "HWFP"
    // 2: the anchor is a patch of 8 rows × 64 columns (SamplingPlan.AnchorOf), no longer a run of one row
    // 3: adds each matrix's cross block (SamplingPlan.CrossOf) after its statistics; version 2 still reads, without it
    public const byte Version = 3;

    public static byte[] Encode(IReadOnlyList<TensorFingerprint> tensors)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(tensors.Count);
            foreach (var t in tensors)
            {
                writer.Write(t.Name);
                writer.Write(t.Type.ToString()); // by name: stable if the enum grows
                writer.Write((byte)t.Shape.Length);
                foreach (var d in t.Shape)
                    writer.Write(d);
                writer.Write(t.AnchorElement);
                WriteScaled(writer, t.Anchor);
                writer.Write(t.Sketch.Length);
                foreach (var v in t.Sketch)
                    writer.Write(v);
                var s = t.Statistics;
                writer.Write(s.Count);
                writer.Write(s.Mean);
                writer.Write(s.Std);
                writer.Write(s.Kurtosis);
                writer.Write(s.Norm);
                WriteScaled(writer, t.Cross);
            }
        }
        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a fingerprint this version wrote.</exception>
    public static IReadOnlyList<TensorFingerprint> Decode(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            var magic = reader.ReadUInt32();
            var version = reader.ReadByte();
            if (magic != Magic || version is not (2 or Version))
                throw new InvalidDataException("not a HubWatch fingerprint (magic or version)");
            var count = reader.ReadInt32();
            var tensors = new List<TensorFingerprint>(count);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var type = Enum.Parse<TensorType>(reader.ReadString());
                var shape = new long[reader.ReadByte()];
                for (var d = 0; d < shape.Length; d++)
                    shape[d] = reader.ReadInt64();
                var anchorElement = reader.ReadInt64();
                var anchor = ReadScaled(reader);
                var sketch = new float[reader.ReadInt32()];
                for (var k = 0; k < sketch.Length; k++)
                    sketch[k] = reader.ReadSingle();
                var statistics = new TensorStatistics(reader.ReadInt32(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble(), reader.ReadDouble());
                var cross = version >= 3 ? ReadScaled(reader) : [];
                tensors.Add(new TensorFingerprint(name, shape, type, anchorElement, anchor, sketch, statistics) { Cross = cross });
            }
            return tensors;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("fingerprint cut short", e);
        }
    }

    private static void WriteScaled(BinaryWriter writer, float[] values)
    {
        var scale = 0f;
        foreach (var v in values)
            scale = Math.Max(scale, Math.Abs(v));
        writer.Write(values.Length);
        writer.Write(scale);
        foreach (var v in values)
            writer.Write(scale == 0 ? (Half)0 : (Half)(v / scale));
    }

    private static float[] ReadScaled(BinaryReader reader)
    {
        var values = new float[reader.ReadInt32()];
        var scale = reader.ReadSingle();
        for (var i = 0; i < values.Length; i++)
            values[i] = (float)reader.ReadHalf() * scale;
        return values;
    }
}
