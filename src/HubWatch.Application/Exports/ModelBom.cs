using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using HubWatch.Hub;

namespace HubWatch.Application.Exports;

/// <summary>
/// A CycloneDX 1.6 ML-BOM for one model: the model as <c>metadata.component</c> (type machine-learning-model), its
/// detected parents and further ancestors in <c>pedigree.ancestors</c>, and the verdict, flags, declarations and
/// fingerprint cost as <c>hubwatch:</c> properties, which CycloneDX has no fields for.
/// </summary>
public static class ModelBom
{
    public const string MediaType = "application/vnd.cyclonedx+json; version=1.6";

    public static JsonObject Build(ModelExport export, HubSource hub, DateTimeOffset now)
    {
        var model = BomComponents.Model(export, hub.BaseUri);
        return new JsonObject
        {
            ["$schema"] = "http://cyclonedx.org/schema/bom-1.6.schema.json",
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["serialNumber"] = SerialNumber(hub.Key, export),
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["tools"] = new JsonObject { ["components"] = new JsonArray(Tool()) },
                ["component"] = model,
                ["properties"] = BomProperties.List([
                    ("hubwatch:hub", hub.DisplayName),
                    ("hubwatch:hub:url", hub.BaseUri.AbsoluteUri),
                    ("hubwatch:hub:demo", hub.IsDemo ? "true — the demo hub's models and weights are synthetic" : null)]),
            },
        };
    }

    public static string FileName(string id) => id.Replace('/', '_') + ".cdx.json";

    /// <summary>
    /// The same model, revision and verdict version always get the same serial number: a BOM is re-issued, not
    /// duplicated, until the verdict or the weights change. A UUID of version 8 (RFC 9562: name-based, own hash).
    /// </summary>
    private static string SerialNumber(string hubKey, ModelExport export)
    {
        var name = $"{hubKey}\n{export.Model.Id}\n{export.Model.Revision}\n{export.Detail.Verdict?.Version}";
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(name))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"urn:uuid:{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static JsonObject Tool() => new()
    {
        ["type"] = "application",
        ["name"] = "HubWatch",
        ["version"] = typeof(ModelBom).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
        ["description"] = "decides where open-weight models come from by fingerprinting their weights",
    };
}
