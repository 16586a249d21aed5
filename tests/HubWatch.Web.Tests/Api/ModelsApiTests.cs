using System.Net;
using System.Text.Json;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HubWatch.Web.Tests.Api;

/// <summary><c>/api/models</c> and <c>/api/models/{id}</c> over seeded models, verdicts and a fingerprint (jobs off).</summary>
public sealed class ModelsApiTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private readonly WebApplicationFactory<Program> _app;

    public ModelsApiTests()
    {
        using (var db = _database.CreateDbContext())
        {
            db.Models.AddRange(Model("lab/base", 1), Model("lab/other", 2), Model("fan/mix", 3), Model("fan/tune", 4));
            db.Models.Add(new HubModel { Id = "old/gpt", Author = "old", CreatedAt = new DateTime(2022, 3, 2, 0, 0, 0, DateTimeKind.Utc), Architecture = "GPT2LMHeadModel" });
            db.Verdicts.AddRange(
                Verdict("lab/base", "independent", null, "trained independently"),
                Verdict("lab/other", "independent", null, "trained independently"),
                Verdict("fan/mix", "merge", "lab/base", "merge of lab/base (60 %) and lab/other (40 %), linear", """[{"kind":"licence-conflict","reason":"MIT on a derivative of an Apache-2.0 parent"}]"""),
                Verdict("fan/tune", "finetune", "fan/mix", "trained further from fan/mix"));
            db.Verdicts.Add(Verdict("fan/mix", "finetune", "lab/base", "an earlier verdict", current: false, version: 0));
            db.Fingerprints.Add(new WeightFingerprint { ModelId = "fan/mix", Revision = "abc", Status = FingerprintStatus.Sampled, BytesRead = 123_456, Requests = 7, FileBytes = 9_999_999, Files = "model.safetensors" });
            db.SaveChanges();
        }
        _app = QuietWebHost.Create(_database);
    }

    public void Dispose()
    {
        _app.Dispose();
        _database.Dispose();
    }

    private static HubModel Model(string id, int day) => new()
    {
        Id = id,
        Author = id.Split('/')[0],
        CreatedAt = new DateTime(2025, 3, day, 0, 0, 0, DateTimeKind.Utc),
        UploadMonth = "2025-03",
        License = day == 1 ? "apache-2.0" : "mit",
        Architecture = "LlamaForCausalLM",
    };

    [Theory]
    [InlineData("license=apache-2.0", "lab/base")]
    [InlineData("license=none", "old/gpt")]
    [InlineData("architecture=GPT2LMHeadModel", "old/gpt")]
    [InlineData("month=before%202022-03", "old/gpt")]
    [InlineData("month=2025-03&license=mit&relation=merge", "fan/mix")]
    [InlineData("month=2025-04", "")]
    public async Task License_architecture_and_month_filters_narrow_the_page_and_its_total(string query, string expected)
    {
        var page = await GetAsync($"/api/models?{query}");
        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ToList();
        Assert.Equal(expected.Length == 0 ? [] : [expected], ids);
        Assert.Equal(ids.Count, page.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_month_that_is_not_one_is_a_400() => await GetAsync("/api/models?month=March", HttpStatusCode.BadRequest);

    [Theory]
    [InlineData("/api/models?page=2147483647")]
    [InlineData("/api/models?page=10737419&pageSize=200")] // (page - 1) × pageSize just over int.MaxValue
    public async Task A_page_beyond_any_hub_is_a_400_not_an_overflow(string url) => await GetAsync(url, HttpStatusCode.BadRequest);

    private static ModelVerdict Verdict(string id, string relation, string? parent, string summary, string flags = "[]", bool current = true, int version = 1) => new()
    {
        ModelId = id,
        Version = version,
        Current = current,
        Relation = relation,
        Method = relation == "merge" ? "linear" : null,
        TopParentId = parent,
        Summary = summary,
        ParentsJson = parent is null ? "[]" : $$"""[{"id":"{{parent}}","share":1,"pValue":1e-30,"similarity":0.9}]""",
        CoefficientsJson = "{}",
        EvidenceJson = $$"""{"relativeError":0.1,"explained":0.9,"candidates":3,"tensorsCompared":10,"tensors":[],"summary":"{{summary}}"}""",
        FlagsJson = flags,
        FlagCount = flags == "[]" ? 0 : 1,
        LicenseConflict = flags.Contains("licence-conflict", StringComparison.Ordinal),
    };

    private async Task<JsonElement> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<string> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];

    [Fact]
    public async Task Models_are_paged_newest_first_with_their_current_verdict()
    {
        var page = await GetAsync("/api/models?page=1&pageSize=3");

        Assert.Equal(5, page.GetProperty("total").GetInt32()); // unfiltered: from the monthly figures, not a count
        Assert.Equal(["fan/tune", "fan/mix", "lab/other"], Ids(page));
        var mix = page.GetProperty("items")[1];
        Assert.Equal(("merge", "linear", "lab/base", 1), (mix.GetProperty("relation").GetString(), mix.GetProperty("method").GetString(), mix.GetProperty("topParent").GetString(), mix.GetProperty("flags").GetInt32()));
        Assert.Equal(["lab/base", "old/gpt"], Ids(await GetAsync("/api/models?page=2&pageSize=3")));
    }

    [Theory]
    [InlineData("/api/models?relation=independent", "lab/other,lab/base")]
    [InlineData("/api/models?search=fan", "fan/tune,fan/mix")]
    [InlineData("/api/models?flag=licence-conflict", "fan/mix")]
    [InlineData("/api/models?flag=any", "fan/mix")]
    [InlineData("/api/models?search=lab&relation=merge", "")]
    public async Task Filters_run_together(string url, string expected) =>
        Assert.Equal(expected, string.Join(',', Ids(await GetAsync(url))));

    [Theory]
    [InlineData("/api/models?pageSize=5000")]
    [InlineData("/api/models?page=0")]
    [InlineData("/api/models?relation=cousin")]
    public async Task Bad_queries_are_400_with_a_reason(string url) =>
        Assert.Contains("must", (await GetAsync(url, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);

    [Fact]
    public async Task A_model_comes_with_verdict_flags_history_fingerprint_and_lineage()
    {
        var model = await GetAsync("/api/models/fan/mix");

        var verdict = model.GetProperty("verdict");
        Assert.Equal("merge", verdict.GetProperty("relation").GetString());
        Assert.Equal("lab/base", verdict.GetProperty("parents")[0].GetProperty("id").GetString());
        Assert.Equal("licence-conflict", verdict.GetProperty("flags")[0].GetProperty("kind").GetString());
        Assert.Equal(2, model.GetProperty("history").GetArrayLength()); // the earlier verdict is kept
        Assert.Equal(123_456, model.GetProperty("fingerprint").GetProperty("bytesRead").GetInt64());
        Assert.Equal(["lab/base"], model.GetProperty("ancestors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["fan/tune"], model.GetProperty("descendants").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        await GetAsync("/api/models/nobody/nothing", HttpStatusCode.NotFound);
    }
}
