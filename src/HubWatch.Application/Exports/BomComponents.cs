using System.Text.Json.Nodes;
using HubWatch.Application.Classification;
using HubWatch.Application.Models;

namespace HubWatch.Application.Exports;

/// <summary>The components of a model's ML-BOM: the model, its ancestors and descendants, their licences and hashes.</summary>
internal static class BomComponents
{
    public static JsonObject Model(ModelExport export, Uri hub)
    {
        var (detail, model) = (export.Detail, export.Model);
        var component = Component(model.Id, model.Author, model.Revision, hub);
        if (Licenses(model.License, model.LicenseName) is { } licenses)
            component["licenses"] = licenses;
        if (Hashes(model.Files) is { } hashes)
            component["hashes"] = hashes;
        component["externalReferences"] = new JsonArray(
            Reference("website", new Uri(hub, model.Id).AbsoluteUri),
            Reference("distribution", new Uri(hub, $"{model.Id}/tree/{model.Revision ?? "main"}").AbsoluteUri));
        if (model.Files.Count > 0)
            component["components"] = new JsonArray([.. model.Files.Select(f => File(model.Id, f))]);
        if (Pedigree(export, hub) is { } pedigree)
            component["pedigree"] = pedigree;
        if (ModelCard(model) is { } card)
            component["modelCard"] = card;
        component["properties"] = BomProperties.List([.. BomProperties.Verdict(detail.Verdict), .. BomProperties.Declared(detail.Declared), .. BomProperties.Fingerprint(detail.Fingerprint)]);
        return component;
    }

    /// <summary>Detected parents with their share, p-value and coefficients, then the ancestors above them (generation 2 and up).</summary>
    private static JsonObject? Pedigree(ModelExport export, Uri hub)
    {
        var (detail, related) = (export.Detail, export.Related);
        var parents = detail.Verdict?.Parents ?? [];
        var ancestors = parents.Select((p, i) => Ancestor(p.Id, related, hub, BomProperties.Parent(p, i, detail.Verdict!)))
            .Concat(detail.Ancestors.Where(a => parents.All(p => p.Id != a) && a != export.Model.Id)
                .Select((a, i) => Ancestor(a, related, hub, [("hubwatch:lineage:generation", (i + 2).ToString(System.Globalization.CultureInfo.InvariantCulture))])))
            .ToList();
        var descendants = detail.Descendants.Select(d => Descendant(d, hub)).ToList();
        if (ancestors.Count == 0 && descendants.Count == 0)
            return null;
        var pedigree = new JsonObject();
        if (ancestors.Count > 0)
            pedigree["ancestors"] = new JsonArray([.. ancestors]);
        if (descendants.Count > 0)
            pedigree["descendants"] = new JsonArray([.. descendants]);
        return pedigree;
    }

    private static JsonObject Ancestor(string id, IReadOnlyDictionary<string, ExportedModel> related, Uri hub, IEnumerable<(string, string?)> properties)
    {
        var stored = related.GetValueOrDefault(id);
        var component = Component(id, stored?.Author ?? Author(id), stored?.Revision, hub);
        if (stored is not null && Licenses(stored.License, stored.LicenseName) is { } licenses)
            component["licenses"] = licenses;
        if (stored is not null && Hashes(stored.Files) is { } hashes)
            component["hashes"] = hashes;
        component["properties"] = BomProperties.List([.. properties, ("hubwatch:stored", stored is null ? "false" : "true")]);
        return component;
    }

    private static JsonObject Descendant(ModelRow row, Uri hub)
    {
        var component = Component(row.Id, row.Author, null, hub);
        component["properties"] = BomProperties.List([("hubwatch:verdict:relation", row.Relation), ("hubwatch:verdict:method", row.Method)]);
        return component;
    }

    /// <summary>The fields every model component has; the purl, unique per model and revision, is its bom-ref.</summary>
    private static JsonObject Component(string id, string? author, string? revision, Uri hub)
    {
        var purl = HuggingFacePurl.For(id, revision, hub);
        var component = new JsonObject { ["type"] = "machine-learning-model", ["bom-ref"] = purl };
        if (author is not null && id.Contains('/', StringComparison.Ordinal))
            component["group"] = author;
        component["name"] = id.Contains('/', StringComparison.Ordinal) ? id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..] : id;
        if (revision is not null)
            component["version"] = revision;
        component["purl"] = purl;
        return component;
    }

    private static JsonObject File(string modelId, WeightFile file)
    {
        var component = new JsonObject { ["type"] = "file", ["bom-ref"] = $"{modelId}/{file.Path}", ["name"] = file.Path };
        if (Hashes([file]) is { } hashes)
            component["hashes"] = hashes;
        if (file.Size is { } size)
            component["properties"] = BomProperties.List([("hubwatch:file:bytes", size.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        return component;
    }

    /// <summary>An SPDX id where the Hub's licence has one; a custom licence by its card name, else by the Hub id.</summary>
    private static JsonArray? Licenses(string? license, string? licenseName)
    {
        if (string.IsNullOrEmpty(license))
            return null;
        var entry = SpdxLicenses.IdOf(license) is { } spdx
            ? new JsonObject { ["id"] = spdx }
            : new JsonObject { ["name"] = license == "other" && !string.IsNullOrWhiteSpace(licenseName) ? licenseName : license };
        entry["acknowledgement"] = "declared"; // what the card says, not what HubWatch concluded
        return new JsonArray(new JsonObject { ["license"] = entry });
    }

    /// <summary>The weight files' LFS sha256 (the SHA-256 of each file); null when none is known.</summary>
    private static JsonArray? Hashes(IEnumerable<WeightFile> files)
    {
        var hashes = files.Select(f => f.Sha256).Where(h => h is { Length: 64 } && h.All(char.IsAsciiHexDigit)).Distinct().ToList();
        return hashes.Count == 0 ? null : new JsonArray([.. hashes.Select(h => new JsonObject { ["alg"] = "SHA-256", ["content"] = h })]);
    }

    private static JsonObject? ModelCard(ExportedModel model)
    {
        var parameters = new JsonObject();
        if (!string.IsNullOrEmpty(model.PipelineTag))
            parameters["task"] = model.PipelineTag;
        if (model.Datasets.Count > 0)
            parameters["datasets"] = new JsonArray([.. model.Datasets.Select(d => new JsonObject { ["type"] = "dataset", ["name"] = d })]);
        return parameters.Count == 0 ? null : new JsonObject { ["modelParameters"] = parameters };
    }

    private static JsonObject Reference(string type, string url) => new() { ["type"] = type, ["url"] = url };

    private static string? Author(string id) => id.Contains('/', StringComparison.Ordinal) ? id[..id.IndexOf('/', StringComparison.Ordinal)] : null;
}
