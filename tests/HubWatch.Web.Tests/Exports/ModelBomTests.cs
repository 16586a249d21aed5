using System.Text.Json.Nodes;
using HubWatch.Application.Exports;
using HubWatch.Application.Models;
using HubWatch.Hub;
using HubWatch.Hub.Cards;
using HubWatch.Testing;

namespace HubWatch.Web.Tests.Exports;

/// <summary>ML-BOMs built from a stored lineage and checked against the official CycloneDX 1.6 schema.</summary>
public sealed class ModelBomTests : IDisposable
{
    private static readonly HubSource HuggingFace = HubSource.Configured(new Uri("https://huggingface.co/"));
    private static readonly DateTimeOffset Now = new(2025, 6, 3, 9, 30, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();

    public ModelBomTests() => MergeLineage.Seed(_database);

    public void Dispose() => _database.Dispose();

    private async Task<JsonObject> BomAsync(string id, HubSource? hub = null)
    {
        var export = await new ModelExports(new ModelDetails(_database), _database).GetAsync(id, CancellationToken.None);
        return ModelBom.Build(export!, hub ?? HuggingFace, Now);
    }

    private static string? Property(JsonNode component, string name) =>
        component["properties"]!.AsArray().FirstOrDefault(p => (string?)p!["name"] == name)?["value"]?.GetValue<string>();

    private static List<string?> Hashes(JsonNode component) => [.. component["hashes"]!.AsArray().Select(h => (string?)h!["content"])];

    [Fact]
    public async Task A_merge_names_both_parents_with_hashes_shares_and_coefficients_and_is_valid()
    {
        var bom = await BomAsync("lab/rio");

        Assert.Empty(CycloneDxSchema.Errors(bom));
        var model = bom["metadata"]!["component"]!;
        Assert.Equal(("machine-learning-model", "lab", "rio", MergeLineage.RioSha), ((string?)model["type"], (string?)model["group"], (string?)model["name"], (string?)model["version"]));
        Assert.Equal($"pkg:huggingface/lab/rio@{MergeLineage.RioSha}", (string?)model["purl"]);
        Assert.Equal([MergeLineage.RioShard1, MergeLineage.RioShard2], Hashes(model)); // the shards, not the index or the README
        Assert.Equal("MIT", (string?)model["licenses"]![0]!["license"]!["id"]);
        Assert.Equal(("merge", "linear", """{"weight":[0.6,0.4]}"""), (Property(model, "hubwatch:verdict:relation"), Property(model, "hubwatch:verdict:method"), Property(model, "hubwatch:verdict:coefficients")));
        Assert.Equal("46795776", Property(model, "hubwatch:fingerprint:bytes-read"));
        Assert.StartsWith("MIT on a derivative", Property(model, "hubwatch:flags:licence-conflict"), StringComparison.Ordinal);
        Assert.Equal("true", Property(model, "hubwatch:declared:claims-from-scratch"));

        var ancestors = model["pedigree"]!["ancestors"]!.AsArray();
        Assert.Equal(["a/base", "b/base", "old/root"], ancestors.Select(a => $"{a!["group"]}/{a["name"]}"));
        Assert.Equal([MergeLineage.ABaseFile], Hashes(ancestors[0]!));
        Assert.Equal([MergeLineage.BBaseFile], Hashes(ancestors[1]!));
        Assert.Equal(("0.6", "1E-40", "0.6"), (Property(ancestors[0]!, "hubwatch:parent:share"), Property(ancestors[0]!, "hubwatch:parent:p-value"), Property(ancestors[0]!, "hubwatch:coefficient:weight")));
        Assert.Equal("0.4", Property(ancestors[1]!, "hubwatch:coefficient:weight"));
        Assert.Equal("2", Property(ancestors[2]!, "hubwatch:lineage:generation"));
        Assert.Equal("Apache-2.0", (string?)ancestors[0]!["licenses"]![0]!["license"]!["id"]);
        Assert.Equal("tune", (string?)model["pedigree"]!["descendants"]![0]!["name"]);
    }

    [Fact]
    public async Task A_model_never_judged_gets_a_valid_bom_without_pedigree()
    {
        var bom = await BomAsync("lab/new");

        Assert.Empty(CycloneDxSchema.Errors(bom));
        var model = bom["metadata"]!["component"]!;
        Assert.Null(model["pedigree"]);
        Assert.Null(model["hashes"]);
        Assert.StartsWith("not judged yet", Property(model, "hubwatch:verdict:status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_license_is_named_not_given_an_spdx_id()
    {
        var license = (await BomAsync("lab/new"))["metadata"]!["component"]!["licenses"]![0]!["license"]!;

        Assert.Null(license["id"]);
        Assert.Equal(("rio-research-licence", "declared"), ((string?)license["name"], (string?)license["acknowledgement"]));
    }

    [Fact]
    public async Task The_validator_rejects_a_bom_that_breaks_the_schema()
    {
        var bom = await BomAsync("lab/rio");
        bom["metadata"]!["component"]!["type"] = "model";
        bom["metadata"]!["component"]!["pedigree"]!["ancestors"]![0]!["licenses"]![0]!["license"]!["id"] = "llama3.1";

        var errors = CycloneDxSchema.Errors(bom);

        Assert.Contains(errors, e => e.StartsWith("/metadata/component/type", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("/licenses/0/license/id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_serial_number_is_stable_per_model_revision_and_verdict_and_a_mirror_is_named_in_the_purl()
    {
        var mirror = HubSource.Configured(new Uri("https://hub.example.org/"));
        var (first, again, other) = (await BomAsync("lab/rio", mirror), await BomAsync("lab/rio", mirror), await BomAsync("lab/new", mirror));

        Assert.Equal((string?)first["serialNumber"], (string?)again["serialNumber"]);
        Assert.NotEqual((string?)first["serialNumber"], (string?)other["serialNumber"]);
        Assert.Equal($"pkg:huggingface/lab/rio@{MergeLineage.RioSha}?repository_url=https%3A%2F%2Fhub.example.org", (string?)first["metadata"]!["component"]!["purl"]);
        Assert.Empty(CycloneDxSchema.Errors(first));
    }

    [Fact]
    public void Every_hub_license_with_an_spdx_id_gets_that_id_and_only_spdx_ids_are_given()
    {
        Assert.All(SpdxLicenses.Ids, id => Assert.Contains(id, CycloneDxSchema.SpdxIds));
        var spelledAlike = Licenses.KnownIds.Where(h => CycloneDxSchema.SpdxIds.Any(s => s.Equals(h, StringComparison.OrdinalIgnoreCase)));
        Assert.All(spelledAlike, hub => Assert.Equal(hub, SpdxLicenses.IdOf(hub), StringComparer.OrdinalIgnoreCase));
        Assert.Null(SpdxLicenses.IdOf("llama3.1"));
    }
}
