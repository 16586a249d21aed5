using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubWatch.Hub.Api;

/// <summary>Reads a card field that uploaders write either as one string or as a list (base_model, license).</summary>
internal sealed class StringOrListConverter : JsonConverter<IReadOnlyList<string>>
{
    /// <summary><c>null</c> reaches <see cref="Read"/> (else the property would be set to null despite its type).</summary>
    public override bool HandleNull => true;

    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return [];
            case JsonTokenType.String:
                return NonEmpty(reader.GetString());
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                        items.AddRange(NonEmpty(reader.GetString()));
                    else
                        reader.Skip(); // a number or object in a list of ids carries no id
                }
                return items;
            default:
                reader.Skip();
                return [];
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);

    private static string[] NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? [] : [text.Trim()];
}

/// <summary>The API writes <c>"gated": false</c> for open repos and <c>"gated": "manual"</c> or <c>"auto"</c> otherwise.</summary>
internal sealed class GatedConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.True => "auto",
            _ => null,
        };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
            writer.WriteBooleanValue(false);
        else
            writer.WriteStringValue(value);
    }
}

/// <summary>
/// Reads a list of records element by element: <c>null</c> is an empty list, and an element that is malformed
/// (wrong types, missing what <see cref="Keep"/> needs) is dropped instead of failing the whole model.
/// </summary>
internal abstract class TolerantListConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override bool HandleNull => true;

    protected abstract bool Keep(T item);

    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }
        using var array = JsonDocument.ParseValue(ref reader);
        return Elements(array.RootElement, options, Keep);
    }

    public static List<T> Elements(JsonElement array, JsonSerializerOptions options, Func<T, bool> keep)
    {
        var items = new List<T>();
        foreach (var element in array.EnumerateArray())
        {
            try
            {
                if (element.Deserialize<T>(options) is { } item && keep(item))
                    items.Add(item);
            }
            catch (JsonException)
            {
                // one malformed element: the others still count
            }
        }
        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}

/// <summary>Siblings without a file name are no files.</summary>
internal sealed class SiblingListConverter : TolerantListConverter<HubSibling>
{
    protected override bool Keep(HubSibling item) => !string.IsNullOrWhiteSpace(item.FileName);
}
