using System.Text.Json;

namespace HubWatch.Formats.Reading;

/// <summary>A tensor entry as the JSON states it: offsets relative to the data section, not yet validated.</summary>
internal sealed record SafetensorsRawEntry(string Name, string Dtype, long[] Shape, long Start, long End);

/// <summary>
/// Parses the JSON header with <see cref="Utf8JsonReader"/> by hand rather than into a dictionary, because a
/// dictionary silently keeps one of two duplicate keys, and which one differs between parsers: two tools could then
/// disagree about what a file contains.
/// </summary>
internal static class SafetensorsHeaderParser
{
    public const int MaxTensors = 1_000_000;
    public const int MaxStringBytes = 1 << 20;
    public const int MaxRank = 64;
    private const string MetadataKey = "__metadata__";

    public static (List<SafetensorsRawEntry> Entries, Dictionary<string, string> Metadata) Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
            return ParseRoot(ref reader);
        }
        catch (JsonException e)
        {
            throw new InvalidModelFileException($"Header is not valid JSON: {FirstLine(e.Message)}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidModelFileException($"Header JSON has an unexpected value: {FirstLine(e.Message)}", e);
        }
    }

    private static (List<SafetensorsRawEntry>, Dictionary<string, string>) ParseRoot(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the header");
        var entries = new List<SafetensorsRawEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = ReadString(ref reader);
            if (!keys.Add(key))
            {
                throw new InvalidModelFileException($"Header has the key \"{key}\" twice.");
            }

            if (key == MetadataKey)
            {
                ParseMetadata(ref reader, metadata);
                continue;
            }

            if (entries.Count >= MaxTensors)
            {
                throw new InvalidModelFileException($"Header lists more than {MaxTensors} tensors.");
            }

            entries.Add(ParseTensor(ref reader, key));
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new InvalidModelFileException($"Header has {reader.TokenType} where a key was expected.");
        }

        if (reader.Read())
        {
            throw new InvalidModelFileException("Header has content after the closing brace.");
        }

        return (entries, metadata);
    }

    private static void ParseMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        if (Next(ref reader) == JsonTokenType.Null)
        {
            return;
        }

        RequireToken(ref reader, JsonTokenType.StartObject, MetadataKey);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = ReadString(ref reader);
            Expect(ref reader, JsonTokenType.String, $"{MetadataKey}.{key} (metadata values are strings)");
            if (!metadata.TryAdd(key, ReadString(ref reader)))
            {
                throw new InvalidModelFileException($"{MetadataKey} has the key \"{key}\" twice.");
            }
        }
    }

    private static SafetensorsRawEntry ParseTensor(ref Utf8JsonReader reader, string name)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"tensor \"{name}\"");
        string? dtype = null;
        long[]? shape = null;
        long[]? offsets = null;
        var fields = new HashSet<string>(StringComparer.Ordinal);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var field = ReadString(ref reader);
            if (!fields.Add(field))
            {
                throw new InvalidModelFileException($"Tensor \"{name}\" has the field \"{field}\" twice.");
            }

            switch (field)
            {
                case "dtype":
                    Expect(ref reader, JsonTokenType.String, $"{name}.dtype");
                    dtype = ReadString(ref reader);
                    break;
                case "shape":
                    shape = ReadIntegers(ref reader, $"{name}.shape", MaxRank);
                    break;
                case "data_offsets":
                    offsets = ReadIntegers(ref reader, $"{name}.data_offsets", 2);
                    break;
                default:
                    // serde ignores unknown fields, so the reference accepts them; so do we.
                    reader.Read();
                    reader.Skip();
                    break;
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            throw new InvalidModelFileException($"Tensor \"{name}\" lacks dtype, shape or data_offsets.");
        }

        if (offsets.Length != 2)
        {
            throw new InvalidModelFileException($"Tensor \"{name}\" has {offsets.Length} data_offsets; it needs [begin, end].");
        }

        return new SafetensorsRawEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(ref Utf8JsonReader reader, string what, int maxCount)
    {
        Expect(ref reader, JsonTokenType.StartArray, what);
        var values = new List<long>();
        while (Next(ref reader) == JsonTokenType.Number)
        {
            if (values.Count >= maxCount)
            {
                throw new InvalidModelFileException($"{what} has more than {maxCount} entries.");
            }

            if (!reader.TryGetInt64(out var value) || value < 0)
            {
                throw new InvalidModelFileException($"{what} holds a value that is not a non-negative 64-bit integer.");
            }

            values.Add(value);
        }

        RequireToken(ref reader, JsonTokenType.EndArray, what);
        return [.. values];
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > MaxStringBytes)
        {
            throw new InvalidModelFileException($"Header has a string of {length} bytes; the limit is {MaxStringBytes}.");
        }

        return reader.GetString()!;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new InvalidModelFileException("Header JSON ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        Next(ref reader);
        RequireToken(ref reader, token, what);
    }

    private static void RequireToken(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
        {
            throw new InvalidModelFileException($"Header has {reader.TokenType} for {what}; expected {token}.");
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
