using Bunit;
using HubWatch.Hub;
using HubWatch.Testing;
using HubWatch.Web.Components.Pages;
using HubWatch.Web.Tests.Exports;

namespace HubWatch.Web.Tests.Components;

/// <summary>The printable report over the stored merge lineage, and the model page's links to it and to the ML-BOM.</summary>
public sealed class ModelReportTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A page host over the seeded lineage whose clock reads 2025-06-03 09:30 UTC.</summary>
    private static PageHost Host(TestDatabase database, HubSource? hub = null)
    {
        MergeLineage.Seed(database);
        return new PageHost(database, hub, new FixedClock(new DateTimeOffset(2025, 6, 3, 9, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Shows_verdict_flags_declared_vs_detected_parents_license_lineage_hashes_and_cost()
    {
        using var database = TestDatabase.CreateMigrated();
        await using var host = Host(database);
        var page = host.Context.Render<ModelReport>(p => p.Add(m => m.Author, "lab").Add(m => m.Name, "rio"));
        page.WaitForElement("#report-verdict");

        Assert.Equal("lab/rio", page.Find("#report-model-id").TextContent);
        Assert.Contains("merge of a/base (60 %) and b/base (40 %)", page.Find("#report-verdict").TextContent, StringComparison.Ordinal);
        Assert.Contains("weight = 0.6, 0.4", page.Find("#report-verdict").TextContent, StringComparison.Ordinal);
        Assert.Contains("false-independence", page.Find("#report-flags").TextContent, StringComparison.Ordinal);
        Assert.Contains("trained from scratch", page.Find("#report-declared").TextContent, StringComparison.Ordinal);
        var parents = page.FindAll("#report-parents tbody tr");
        Assert.Equal(2, parents.Count);
        Assert.Contains("weight 0.4", parents[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("< 1e-300", parents[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("mit (SPDX MIT)", page.Find("#report-licence").TextContent, StringComparison.Ordinal);
        Assert.Contains("MIT on a derivative of an Apache-2.0 parent", page.Find("#report-licence").TextContent, StringComparison.Ordinal);
        Assert.Contains("a/base ← old/root", page.Find("#report-lineage").TextContent, StringComparison.Ordinal);
        Assert.Contains("fan/tune (finetune)", page.Find("#report-lineage").TextContent, StringComparison.Ordinal);
        Assert.Contains(MergeLineage.RioShard2, page.Find("#report-hashes").TextContent, StringComparison.Ordinal);
        Assert.Contains("46,795,776 bytes read in 813 requests of 141,107,497,864 bytes", page.Find("#report-bytes").TextContent, StringComparison.Ordinal);
        Assert.Equal("HubWatch · 127.0.0.1 · generated 2025-06-03 09:30 UTC", page.Find("#report-footer").TextContent);
        Assert.Empty(page.FindAll("#report-demo-note"));
    }

    [Fact]
    public async Task On_the_demo_hub_it_says_the_data_are_synthetic_and_an_unjudged_model_says_so()
    {
        using var database = TestDatabase.CreateMigrated();
        await using var host = Host(database, HubSource.RunningDemo(new Uri("http://127.0.0.1:9/"), "Demo hub (synthetic)"));
        var page = host.Context.Render<ModelReport>(p => p.Add(m => m.Author, "lab").Add(m => m.Name, "new"));
        page.WaitForElement("#report-verdict");

        Assert.Contains("synthetic", page.Find("#report-demo-note").TextContent, StringComparison.Ordinal);
        Assert.Contains("Not judged yet", page.Find("#report-verdict").TextContent, StringComparison.Ordinal);
        Assert.Contains("other: rio-research-licence", page.Find("#report-licence").TextContent, StringComparison.Ordinal);
        Assert.Contains("Demo hub (synthetic)", page.Find("#report-footer").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_page_links_to_the_report_and_the_ml_bom()
    {
        using var database = TestDatabase.CreateMigrated();
        await using var host = Host(database);

        var page = host.Context.Render<ModelDetailPage>(p => p.Add(m => m.Author, "lab").Add(m => m.Name, "rio"));
        page.WaitForElement("#report-link");

        Assert.Equal("/models/lab/rio/report", page.Find("#report-link").GetAttribute("href"));
        Assert.Equal("/api/models/lab/rio/sbom", page.Find("#sbom-link").GetAttribute("href"));
        Assert.Equal("lab_rio.cdx.json", page.Find("#sbom-link").GetAttribute("download"));
    }
}
