using System.Globalization;
using HubWatch.Application.Crawling;
using HubWatch.Application.Fingerprinting;
using HubWatch.Data.Entities;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub;
using HubWatch.Provenance.Fingerprints;
using HubWatch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Fingerprinting;

/// <summary>
/// The test hub crawled and fingerprinted once (its own hub instance, with one weight file broken), over real HTTP
/// Range requests into real SQLite. The 70B giants are above the size limit here: sampling them takes seconds each.
/// </summary>
public sealed class FingerprintedHub : IAsyncLifetime
{
    public GeneratedHub Generated { get; } = GeneratedHub.Load(TestHub.Folder);
    public TestDatabase Database { get; } = TestDatabase.CreateMigrated();
    public DemoHubServer Server { get; private set; } = null!;
    public FingerprintRunResult First { get; private set; } = null!;
    public string Broken { get; private set; } = null!;

    public ServiceProvider Services(TestDatabase? database = null, int perRun = 1000, params string[] excludeAuthors)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Fingerprint:PerRun"] = perRun.ToString(CultureInfo.InvariantCulture),
            ["Fingerprint:MaxWeightGiB"] = "1",
        };
        for (var i = 0; i < excludeAuthors.Length; i++)
            settings[$"Fingerprint:ExcludeAuthors:{i}"] = excludeAuthors[i];
        return HubWatchServices.Build(database ?? Database, HubSource.RunningDemo(Server.BaseUri, "test"), settings);
    }

    public async Task InitializeAsync()
    {
        Broken = Generated.Repos.First(r => r.Files.Any(f => f.Path == "model.safetensors") && r.Architecture != "llama-70b").Id;
        Generated.EditText(Broken, "model.safetensors", "\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u007fnot a header");
        Server = await DemoHubServer.StartAsync(Generated);
        using var services = Services();
        await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);
        First = await services.GetRequiredService<FingerprintService>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Database.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class FingerprintedHubCollection : ICollectionFixture<FingerprintedHub>
{
    public const string Name = "fingerprinted test hub";
}

[Collection(FingerprintedHubCollection.Name)]
public sealed class FingerprintServiceTests(FingerprintedHub hub)
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public void Every_model_gets_a_row_for_its_commit_and_copies_are_found_by_hash()
    {
        using var db = hub.Database.CreateDbContext();
        var rows = db.Fingerprints.Where(f => f.Revision != FakeCommit).ToList();
        Assert.Equal(TestHub.ModelCount, rows.Count);
        Assert.Equal(0, hub.First.Deferred);
        Assert.All(rows, f => Assert.Equal(TestHub.Hub.Repos.Single(r => r.Id == f.ModelId).Sha, f.Revision));
        Assert.All(rows.Where(f => TestHub.Hub.Repos.Single(r => r.Id == f.ModelId).Architecture == "llama-70b"),
            f => Assert.Equal((FingerprintStatus.Unsupported, true), (f.Status, f.Error!.Contains("MaxWeightGiB", StringComparison.Ordinal))));

        // byte-identical uploads are recognised from their LFS hashes, without a byte of weights read
        var truth = TestHub.Truth.Models.ToDictionary(m => m.Id);
        var copies = rows.Where(f => f.Status == FingerprintStatus.Copy).ToList();
        Assert.NotEmpty(copies);
        Assert.All(copies, c => Assert.Equal(0, c.BytesRead));
        Assert.All(copies, c => Assert.Equal(rows.Single(f => f.ModelId == c.CopyOfModelId).ContentHash, c.ContentHash));
        // same bytes: one is a copy of the other, or both are the same conversion of one parent (two quantisers' Q8_0)
        bool IsCopy(WeightFingerprint c) => truth[c.ModelId].Relation == "copy" || truth[c.CopyOfModelId!].Relation == "copy";
        Assert.All(copies, c => Assert.True(IsCopy(c) || truth[c.ModelId].Parents.SequenceEqual(truth[c.CopyOfModelId!].Parents),
            $"{c.ModelId} and {c.CopyOfModelId} have the same bytes, yet truth.json relates them in no way"));
        var exactCopies = truth.Values.Count(m => m.Relation == "copy" && m.Transforms.Length == 0 && m.Architecture != "llama-70b");
        Assert.Equal(exactCopies, copies.Count(IsCopy));
    }

    [Fact]
    public void Sampled_models_keep_an_anchor_per_tensor_and_what_it_cost()
    {
        using var db = hub.Database.CreateDbContext();
        var sampled = db.Fingerprints.Where(f => f.Status == FingerprintStatus.Sampled && f.Revision != FakeCommit).ToList();
        Assert.True(sampled.Count > 200, $"{sampled.Count} sampled");
        Assert.Equal(hub.First.Sampled, sampled.Count);
        Assert.All(sampled, f =>
        {
            var tensors = FingerprintCodec.Decode(f.Tensors!);
            Assert.Equal(f.TensorCount, tensors.Count);
            Assert.All(tensors, t => Assert.Equal(Math.Min(SamplingPlan.AnchorValues, t.Shape.Aggregate(1L, (a, b) => a * b)), t.Anchor.Length));
            Assert.True(f.Requests > 0 && f.BytesRead > 0 && f.Seconds > 0);
            Assert.True(f.BytesRead <= f.FileBytes + 8192, $"{f.ModelId}: {f.BytesRead} of {f.FileBytes}");
        });
    }

    [Fact]
    public void A_broken_weight_file_is_refused_with_its_reason_and_the_rest_go_on()
    {
        using var db = hub.Database.CreateDbContext();
        var row = db.Fingerprints.Single(f => f.ModelId == hub.Broken && f.Revision != FakeCommit);
        Assert.Equal(FingerprintStatus.Failed, row.Status);
        Assert.Contains("header", row.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Null(row.Tensors);
        Assert.Equal(1, hub.First.Failed);
    }

    [Fact]
    public void Gptq_and_awq_repositories_are_decoded_whole_by_the_config_beside_them_or_the_one_the_api_echoed()
    {
        using var db = hub.Database.CreateDbContext();
        var packed = TestHub.Truth.Models.Where(m => m.Format is "safetensors GPTQ" or "safetensors AWQ").ToList();
        Assert.Contains(packed, m => m.Format == "safetensors GPTQ");
        Assert.Contains(packed, m => m.Format == "safetensors AWQ");
        foreach (var model in packed)
        {
            var row = db.Fingerprints.Single(f => f.ModelId == model.Id && f.Revision != FakeCommit);
            var gptq = model.Format!.EndsWith("GPTQ", StringComparison.Ordinal);
            Assert.Equal(FingerprintStatus.Sampled, row.Status);
            Assert.Contains(gptq ? "GPTQ 4-bit, groups of 128" : "AWQ 4-bit, groups of 128", row.Format, StringComparison.Ordinal);
            Assert.Null(row.Unread);
            // AutoAWQ writes no quantize_config.json: its settings come from the API's config, stored at the crawl
            var stored = db.Models.Single(m => m.Id == model.Id).QuantizationConfig;
            Assert.Contains(gptq ? "\"gptq\"" : "\"awq\"", stored, StringComparison.Ordinal);
        }
    }

    private const string FakeCommit = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";

    [Fact]
    public async Task A_second_run_samples_nothing_and_a_new_commit_is_sampled_again()
    {
        using var services = hub.Services();
        var service = services.GetRequiredService<FingerprintService>();
        Assert.Equal(0, (await service.RunAsync(Ct)).Stored);

        string id;
        using (var db = hub.Database.CreateDbContext())
        {
            var model = db.Models.First(m => db.Fingerprints.Any(f => f.ModelId == m.Id && f.Status == FingerprintStatus.Sampled));
            (id, model.Sha) = (model.Id, FakeCommit); // as the refresh stores a new commit
            db.SaveChanges();
        }
        hub.Generated.Edit(id, TestHub.Now, r => r with { Sha = FakeCommit });
        var again = await service.RunAsync(Ct);

        Assert.Equal((1, 1), (again.Stored, again.Sampled));
        using var check = hub.Database.CreateDbContext();
        Assert.Equal(2, check.Fingerprints.Count(f => f.ModelId == id)); // the old revision's row stays
    }

    [Fact]
    public async Task The_newest_and_most_downloaded_come_first_and_filters_apply()
    {
        using var database = TestDatabase.CreateMigrated();
        var quantiser = TestHub.Hub.Repos.GroupBy(r => r.Author).OrderByDescending(g => g.Count()).First().Key;
        using var services = hub.Services(database, perRun: 20, quantiser);
        await services.GetRequiredService<CrawlService>().RunAsync(Ct);
        await services.GetRequiredService<FingerprintService>().RunAsync(Ct);

        using var db = database.CreateDbContext();
        var done = db.Fingerprints.Select(f => f.ModelId).ToHashSet();
        Assert.Equal(20, done.Count);
        var eligible = db.Models.Where(m => m.Author != quantiser).ToList()
            .OrderByDescending(m => m.UploadMonth, StringComparer.Ordinal).ThenByDescending(m => m.Downloads).ToList();
        Assert.DoesNotContain(db.Models.Where(m => m.Author == quantiser).Select(m => m.Id).ToList(), done.Contains);
        Assert.Equal(eligible.Take(20).Select(m => m.Id).Order(), done.Order());
    }
}
