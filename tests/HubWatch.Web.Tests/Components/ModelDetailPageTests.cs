using Bunit;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using HubWatch.Web.Components.Pages;

namespace HubWatch.Web.Tests.Components;

/// <summary>The investor's view of one model, over a real SQLite file with a stored verdict and fingerprint.</summary>
public sealed class ModelDetailPageTests
{
    [Fact]
    public async Task Shows_the_verdict_sentence_its_flags_parents_declarations_and_the_bytes_read()
    {
        using var database = TestDatabase.CreateMigrated();
        using (var db = database.CreateDbContext())
        {
            db.Models.Add(new HubModel { Id = "lab/rio", Author = "lab", License = "mit", ClaimsFromScratch = true, CreatedAt = new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc) });
            db.Verdicts.Add(new ModelVerdict
            {
                ModelId = "lab/rio",
                Version = 2,
                Current = true,
                Relation = "merge",
                Method = "linear",
                TopParentId = "a/base",
                Summary = "merge of a/base (60 %) and b/base (40 %), linear: weighted average (0.60 + 0.40)",
                ParentsJson = """[{"id":"a/base","share":0.6,"pValue":1e-40,"similarity":0.83},{"id":"b/base","share":0.4,"pValue":0,"similarity":0.55}]""",
                CoefficientsJson = """{"weight":[0.6,0.4]}""",
                EvidenceJson = """{"relativeError":0,"explained":1,"candidates":3,"tensorsCompared":2,"tensors":[{"tensor":"w","parent":"a/base","parentTensor":"w","correlation":0.83,"zScore":18.8,"layer":0,"byParent":[{"parent":"a/base","correlation":0.83,"zScore":18.8},{"parent":"b/base","correlation":0.55,"zScore":12.4}]}],"summary":"merge of a/base (60 %) and b/base (40 %), linear: weighted average (0.60 + 0.40)"}""",
                FlagsJson = """[{"kind":"false-independence","reason":"claims training from scratch; the weights are a merge of a/base and b/base"}]""",
                FlagCount = 1,
            });
            var shards = string.Join(", ", Enumerable.Range(1, 30).Select(k => $"model-{k:D5}-of-00030.safetensors"));
            db.Fingerprints.Add(new WeightFingerprint { ModelId = "lab/rio", Revision = "r1", Status = FingerprintStatus.Sampled, BytesRead = 46_795_776, Requests = 813, FileBytes = 141_107_497_864, Files = "model.safetensors.index.json, " + shards });
            db.SaveChanges();
        }
        await using var host = new PageHost(database);
        var context = host.Context;

        var page = context.Render<ModelDetailPage>(p => p.Add(m => m.Author, "lab").Add(m => m.Name, "rio"));
        page.WaitForElement("#verdict-sentence");

        Assert.StartsWith("merge of a/base (60 %) and b/base (40 %)", page.Find("#verdict-sentence").TextContent, StringComparison.Ordinal);
        Assert.Contains("false-independence", page.Find("#flags").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, page.FindAll("#parents tbody tr").Count);
        Assert.Contains("< 1e-300", page.Find("#parents").TextContent, StringComparison.Ordinal);
        Assert.Contains("trained from scratch", page.Find("#declared").TextContent, StringComparison.Ordinal);
        Assert.Contains("46,795,776 bytes in 813 requests", page.Find("#bytes-read").TextContent, StringComparison.Ordinal);
        // the index and 30 shards: two names and a count, every name in the title
        Assert.Equal("model.safetensors.index.json, model-00001-of-00030.safetensors and 29 more", page.Find("#files-read").TextContent);
        Assert.EndsWith("model-00030-of-00030.safetensors", page.Find("#files-read").GetAttribute("title"), StringComparison.Ordinal);
        // no stored anchors to compare layer by layer (the browser journey shows the chart on real fingerprints)
        Assert.Empty(page.FindAll("#layer-similarity"));
        // each tensor's own similarity to each parent, not the fit's
        page.Find("#tensor-panel .mud-expand-panel-header").Click();
        var table = page.WaitForElement("#tensor-evidence");
        Assert.Equal(["a/base: r (z)", "b/base: r (z)"], table.QuerySelectorAll("thead th").Skip(5).Select(h => h.TextContent));
        Assert.Equal(["0.830 (18.8)", "0.550 (12.4)"], table.QuerySelectorAll("tbody td").Skip(5).Select(d => d.TextContent.Trim()));
    }

    [Fact]
    public async Task A_refused_card_and_a_parked_step_are_shown_with_their_reasons()
    {
        using var database = TestDatabase.CreateMigrated();
        var at = new DateTime(2026, 3, 4, 5, 6, 0, DateTimeKind.Utc);
        using (var db = database.CreateDbContext())
        {
            db.Models.Add(new HubModel { Id = "up/loader", Sha = "c1", CardCheckedSha = "c1", CardError = "README.md of up/loader is 1100306 bytes; text files over 1048576 are not read" });
            db.ModelFaults.Add(new ModelFault { ModelId = "up/loader", Step = ModelFault.Fingerprint, Revision = "c1", Failures = 3, Reason = "the tree's body ended early", FirstFailedAt = at, LastFailedAt = at, QuarantinedAt = at });
            db.SaveChanges();
        }
        await using var host = new PageHost(database);

        var page = host.Context.Render<ModelDetailPage>(p => p.Add(m => m.Author, "up").Add(m => m.Name, "loader"));
        page.WaitForElement("#problems");

        var problems = page.FindAll("#problems .problem").Select(p => p.TextContent).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Contains("card refused for this commit", problems[0], StringComparison.Ordinal);
        Assert.Contains("1100306 bytes", problems[0], StringComparison.Ordinal);
        Assert.Contains("fingerprint parked since 2026-03-04 05:06 UTC after 3 failures", problems[1], StringComparison.Ordinal);
        Assert.Contains("the tree's body ended early", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Weights_in_a_format_not_read_are_counted_and_shown()
    {
        using var database = TestDatabase.CreateMigrated();
        using (var db = database.CreateDbContext())
        {
            db.Models.Add(new HubModel { Id = "lab/packed", Author = "lab", CreatedAt = new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc) });
            db.Fingerprints.Add(new WeightFingerprint
            {
                ModelId = "lab/packed",
                Revision = "r1",
                Status = FingerprintStatus.Sampled,
                BytesRead = 1000,
                Requests = 3,
                UnreadParameters = 6_476_005_376,
                Unread = "224 tensors not read: model.layers.0.mlp.up_proj.qweight (packed weights in a layout HubWatch does not read: …)",
            });
            db.SaveChanges();
        }
        await using var host = new PageHost(database);

        var page = host.Context.Render<ModelDetailPage>(p => p.Add(m => m.Author, "lab").Add(m => m.Name, "packed"));
        page.WaitForElement("#unread-weights");

        var text = page.Find("#unread-weights").TextContent;
        Assert.Contains("Weights in a format HubWatch does not read (6,476,005,376 parameters, never compared)", text, StringComparison.Ordinal);
        Assert.Contains("model.layers.0.mlp.up_proj.qweight", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_model_says_so()
    {
        using var database = TestDatabase.CreateMigrated();
        await using var host = new PageHost(database);
        var context = host.Context;

        var page = context.Render<ModelDetailPage>(p => p.Add(m => m.Author, "no").Add(m => m.Name, "body"));
        page.WaitForElement("#model-missing");
        Assert.Contains("No model 'no/body'", page.Find("#model-missing").TextContent, StringComparison.Ordinal);
    }
}
