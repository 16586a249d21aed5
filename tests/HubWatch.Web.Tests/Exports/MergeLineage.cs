using HubWatch.Data.Entities;
using HubWatch.Testing;

namespace HubWatch.Web.Tests.Exports;

/// <summary>
/// A stored lineage for the export tests: <c>lab/rio</c>, a linear merge of <c>a/base</c> (itself a fine-tune of
/// <c>old/root</c>) and <c>b/base</c>, fine-tuned further by <c>fan/tune</c>; <c>lab/new</c> is crawled, never judged.
/// </summary>
internal static class MergeLineage
{
    public const string RioSha = "0123456789abcdef0123456789abcdef01234567";
    public static readonly string RioShard1 = new('1', 64);
    public static readonly string RioShard2 = new('2', 64);
    public static readonly string ABaseFile = new('a', 64);
    public static readonly string BBaseFile = new('b', 64);

    public static void Seed(TestDatabase database)
    {
        using var db = database.CreateDbContext();
        db.Models.AddRange(
            Model("old/root", 1, "apache-2.0"),
            Model("a/base", 2, "apache-2.0", files: [File("model.safetensors", ABaseFile)]),
            Model("b/base", 3, "mit", files: [File("model.safetensors", BBaseFile)]),
            Model("lab/rio", 4, "mit", RioSha, [File("model-00001-of-00002.safetensors", RioShard1), File("model-00002-of-00002.safetensors", RioShard2), File("README.md", null)], claimsFromScratch: true),
            Model("fan/tune", 5, "mit"),
            Model("lab/new", 6, "other", licenseName: "rio-research-licence"));
        db.Verdicts.AddRange(
            Verdict("a/base", "finetune", """[{"id":"old/root","share":1,"pValue":1e-20,"similarity":0.9}]""", "{}", "trained further from old/root"),
            Verdict("lab/rio", "merge", """[{"id":"a/base","share":0.6,"pValue":1e-40,"similarity":0.83},{"id":"b/base","share":0.4,"pValue":0,"similarity":0.55}]""",
                """{"weight":[0.6,0.4]}""", "merge of a/base (60 %) and b/base (40 %), linear: weighted average (0.60 + 0.40)",
                """[{"kind":"false-independence","reason":"claims training from scratch; the weights are a merge of a/base and b/base"},{"kind":"licence-conflict","reason":"MIT on a derivative of an Apache-2.0 parent, without its notice and attribution"}]"""),
            Verdict("fan/tune", "finetune", """[{"id":"lab/rio","share":1,"pValue":1e-30,"similarity":0.95}]""", "{}", "trained further from lab/rio"));
        db.Fingerprints.Add(new WeightFingerprint
        {
            ModelId = "lab/rio",
            Revision = RioSha,
            Status = FingerprintStatus.Sampled,
            BytesRead = 46_795_776,
            Requests = 813,
            FileBytes = 141_107_497_864,
            Files = "model.safetensors.index.json, model-00001-of-00002.safetensors, model-00002-of-00002.safetensors",
            ContentHash = new string('c', 64),
            Format = "safetensors",
        });
        db.SaveChanges();
    }

    private static ModelFile File(string path, string? sha) => new() { ModelId = "", Path = path, Size = 1_000, LfsSha256 = sha };

    private static HubModel Model(string id, int day, string license, string? sha = null, List<ModelFile>? files = null, bool claimsFromScratch = false, string? licenseName = null) => new()
    {
        Id = id,
        Author = id.Split('/')[0],
        Sha = sha ?? $"{day:D2}" + new string('0', 38),
        CreatedAt = new DateTime(2025, 5, day, 0, 0, 0, DateTimeKind.Utc),
        LastCrawledAt = new DateTime(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc),
        UploadMonth = "2025-05",
        License = license,
        LicenseName = licenseName,
        PipelineTag = "text-generation",
        ClaimsFromScratch = claimsFromScratch,
        Files = [.. (files ?? []).Select(f => new ModelFile { ModelId = id, Path = f.Path, Size = f.Size, LfsSha256 = f.LfsSha256 })],
    };

    private static ModelVerdict Verdict(string id, string relation, string parents, string coefficients, string summary, string flags = "[]") => new()
    {
        ModelId = id,
        Version = 2,
        Current = true,
        CreatedAt = new DateTime(2025, 6, 2, 8, 0, 0, DateTimeKind.Utc),
        Relation = relation,
        Method = relation == "merge" ? "linear" : null,
        TopParentId = System.Text.Json.JsonDocument.Parse(parents).RootElement[0].GetProperty("id").GetString(),
        Summary = summary,
        ParentsJson = parents,
        CoefficientsJson = coefficients,
        EvidenceJson = $$"""{"relativeError":0,"explained":1,"candidates":3,"tensorsCompared":2,"tensors":[],"summary":"{{summary}}"}""",
        FlagsJson = flags,
        FlagCount = flags == "[]" ? 0 : 2,
        LicenseConflict = flags.Contains("licence-conflict", StringComparison.Ordinal),
    };
}
