using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using HubWatch.Web.Tests.Exports;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HubWatch.Web.Tests.Api;

/// <summary><c>/api/models/{id}/sbom</c> over the stored merge lineage, a legacy one-segment id and a model named "sbom".</summary>
public sealed class ModelBomApiTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private readonly WebApplicationFactory<Program> _app;

    public ModelBomApiTests()
    {
        MergeLineage.Seed(_database);
        using (var db = _database.CreateDbContext())
        {
            db.Models.AddRange(new HubModel { Id = "gpt2", License = "mit" }, new HubModel { Id = "tools/sbom", Author = "tools" });
            db.SaveChanges();
        }
        _app = QuietWebHost.Create(_database);
    }

    public void Dispose()
    {
        _app.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task A_model_bom_downloads_as_cyclonedx_json_and_validates()
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync("/api/models/lab/rio/sbom");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.cyclonedx+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "1.6");
        Assert.Equal(("attachment", "lab_rio.cdx.json"), (response.Content.Headers.ContentDisposition?.DispositionType, response.Content.Headers.ContentDisposition?.FileName));
        var bom = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Empty(CycloneDxSchema.Errors(bom));
        Assert.Equal("pkg:huggingface/lab/rio@0123456789abcdef0123456789abcdef01234567?repository_url=http%3A%2F%2F127.0.0.1%3A9", (string?)bom["metadata"]!["component"]!["purl"]);
    }

    [Fact]
    public async Task Legacy_ids_unknown_models_and_a_model_named_sbom_are_answered_as_expected()
    {
        using var http = _app.CreateClient();

        using (var legacy = await http.GetAsync("/api/models/gpt2/sbom"))
        {
            Assert.Equal(HttpStatusCode.OK, legacy.StatusCode);
            Assert.Equal("gpt2.cdx.json", legacy.Content.Headers.ContentDisposition?.FileName);
        }
        using (var unknown = await http.GetAsync("/api/models/nobody/nothing/sbom"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("nobody/nothing", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        using (var named = await http.GetAsync("/api/models/tools/sbom"))
        {
            // the sbom route of a legacy id "tools" would shadow this model's own JSON: it still answers
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
            Assert.Equal("tools/sbom", JsonDocument.Parse(await named.Content.ReadAsStringAsync()).RootElement.GetProperty("model").GetProperty("id").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/models/nobody/sbom")).StatusCode);
    }
}
