using System.Globalization;

namespace HubWatch.Formats.Gguf;

/// <summary>
/// One GGUF metadata value. Only the types a model header needs can be made: uint32, int32, float32, bool,
/// string, uint64, and arrays of string, int32 or float32. Immutable: array inputs are copied.
/// </summary>
public sealed class GgufValue
{
    private readonly object payload;

    private GgufValue(GgufValueType type, GgufValueType? elementType, object payload)
    {
        Type = type;
        ElementType = elementType;
        this.payload = payload;
    }

    public GgufValueType Type { get; }

    /// <summary>The element type of an array; null for scalars.</summary>
    public GgufValueType? ElementType { get; }

    public static GgufValue UInt32(uint value) => new(GgufValueType.UInt32, null, value);

    public static GgufValue Int32(int value) => new(GgufValueType.Int32, null, value);

    public static GgufValue Float32(float value) => new(GgufValueType.Float32, null, value);

    public static GgufValue Bool(bool value) => new(GgufValueType.Bool, null, value);

    public static GgufValue String(string value) => new(GgufValueType.String, null, value ?? throw new ArgumentNullException(nameof(value)));

    public static GgufValue UInt64(ulong value) => new(GgufValueType.UInt64, null, value);

    public static GgufValue StringArray(IEnumerable<string> values)
    {
        var copy = values.ToArray();
        if (copy.Any(v => v is null))
        {
            throw new ArgumentException("A GGUF string array cannot hold null.", nameof(values));
        }

        return new(GgufValueType.Array, GgufValueType.String, copy);
    }

    public static GgufValue Int32Array(IEnumerable<int> values) => new(GgufValueType.Array, GgufValueType.Int32, values.ToArray());

    public static GgufValue Float32Array(IEnumerable<float> values) => new(GgufValueType.Array, GgufValueType.Float32, values.ToArray());

    /// <summary>The value if it is a uint32 (as general.alignment must be).</summary>
    public bool TryGetUInt32(out uint value)
    {
        value = payload is uint v && Type == GgufValueType.UInt32 ? v : 0;
        return Type == GgufValueType.UInt32;
    }

    public override string ToString() => payload switch
    {
        string s => $"{Type} \"{s}\"",
        IFormattable f => $"{Type} {f.ToString(null, CultureInfo.InvariantCulture)}",
        Array a => $"{Type}<{ElementType}>[{a.Length}]",
        _ => $"{Type} {payload}",
    };

    /// <summary>Type id then value, as gguf_kv is serialised; arrays add element type id and uint64 count.</summary>
    internal void WriteTo(LittleEndianWriter writer)
    {
        writer.UInt32((uint)Type);
        switch (payload)
        {
            case uint v: writer.UInt32(v); break;
            case int v: writer.Int32(v); break;
            case float v: writer.Float32(v); break;
            case bool v: writer.Byte(v ? (byte)1 : (byte)0); break;
            case string v: writer.GgufString(v); break;
            case ulong v: writer.UInt64(v); break;
            case string[] values:
                WriteArrayHeader(writer, values.Length);
                foreach (var v in values)
                {
                    writer.GgufString(v);
                }

                break;
            case int[] values:
                WriteArrayHeader(writer, values.Length);
                foreach (var v in values)
                {
                    writer.Int32(v);
                }

                break;
            case float[] values:
                WriteArrayHeader(writer, values.Length);
                foreach (var v in values)
                {
                    writer.Float32(v);
                }

                break;
            default:
                throw new InvalidOperationException($"Unsupported GGUF payload {payload.GetType()}.");
        }
    }

    private void WriteArrayHeader(LittleEndianWriter writer, int count)
    {
        writer.UInt32((uint)ElementType!.Value);
        writer.UInt64((ulong)count);
    }
}
