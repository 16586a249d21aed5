using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace HubWatch.Web.Tests.Exports;

/// <summary>
/// The official CycloneDX 1.6 JSON schema (copied beside the tests, see Schemas/cyclonedx-1.6/MANIFEST.md). The two
/// schemas it references by file name are built first into the same registry, under their <c>$id</c>, so every
/// <c>$ref</c> resolves offline.
/// </summary>
internal static class CycloneDxSchema
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Schemas", "cyclonedx-1.6");

    private static readonly Lazy<JsonSchema> Bom = new(() =>
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromFile(Path.Combine(Folder, "spdx.schema.json"), options);
        JsonSchema.FromFile(Path.Combine(Folder, "jsf-0.82.schema.json"), options);
        return JsonSchema.FromFile(Path.Combine(Folder, "bom-1.6.schema.json"), options);
    });

    /// <summary>The SPDX licence ids CycloneDX accepts in <c>license.id</c>.</summary>
    public static IReadOnlySet<string> SpdxIds { get; } =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "spdx.schema.json"))).RootElement.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);

    /// <returns>Where and why the BOM breaks the schema; empty when it is valid.</returns>
    public static IReadOnlyList<string> Errors(JsonNode bom)
    {
        // formats (date-time, iri-reference, email) are checked too, not only annotated
        var result = Bom.Value.Evaluate(JsonSerializer.SerializeToElement(bom), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))];
    }
}
