using System.Text.Json;
using HubWatch.Provenance.Declarations;

namespace HubWatch.Provenance.Classification;

/// <summary>The JSON columns of a stored verdict (parents, coefficients, evidence, flags): one format for writing and reading.</summary>
public static class VerdictJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) where T : new() => JsonSerializer.Deserialize<T>(json, Options) ?? new T();

    public static List<ParentEvidence> Parents(string json) => Read<List<ParentEvidence>>(json);

    public static List<DeclarationFlag> Flags(string json) => Read<List<DeclarationFlag>>(json);
}
