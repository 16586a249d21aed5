using System.Text.Json;
using System.Text.Json.Serialization;

namespace HubWatch.Domain.Time;

/// <summary>Writes and reads a <see cref="YearMonth"/> as <c>"YYYY-MM"</c>, as it appears everywhere outside the process.</summary>
public sealed class YearMonthJsonConverter : JsonConverter<YearMonth>
{
    public override YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        YearMonth.TryParse(reader.GetString(), out var month) ? month : throw new JsonException("expected a month in the form YYYY-MM");

    public override void Write(Utf8JsonWriter writer, YearMonth value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
