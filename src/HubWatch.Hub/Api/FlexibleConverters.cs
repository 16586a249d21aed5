using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubWatch.Hub.Api;

/// <summary>Reads a card field that uploaders write either as one string or as a list (base_model, license).</summary>
internal sealed class StringOrListConverter : JsonConverter<IReadOnlyList<string>>
{
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
