using System.Text.Json.Nodes;
using HubWatch.Application.Crawling;
using HubWatch.Application.Hubs;
using HubWatch.Hub.DemoHub;
using HubWatch.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Crawling;

/// <summary>The crawl over real HTTP (the demo hub on a loopback port) into a real SQLite file.</summary>
public sealed class CrawlServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private DemoHubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await DemoHubServer.StartAsync(RecordedHub.Catalog);

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _database.Dispose();
    }

    private ServiceProvider Services(DemoHubServer hub, int pageSize = 100, int maxPages = 50) =>
        HubWatchServices.Build(_database, HubSource.RunningDemo(hub.BaseUri, "test"), new Dictionary<string, string?>
        {
            ["Hub:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hub:MaxPagesPerRun"] = maxPages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    [Fact]
    public async Task A_first_run_stores_every_model_with_its_declared_facts()
    {
        using var services = Services(_hub);
        var result = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.Equal(new CrawlResult(RecordedHub.ModelCount, 0, 0, 1, true), result);
        using var db = _database.CreateDbContext();
        Assert.Equal(RecordedHub.ModelCount, db.Models.Count());

        var llama = db.Models.Include(m => m.Files).Single(m => m.Id == "meta-llama/Llama-3.1-8B-Instruct");
        Assert.Equal("meta-llama", llama.Author);
        Assert.Equal("2024-07", llama.UploadMonth);
        Assert.Equal("llama3.1", llama.License);
        Assert.Equal("finetune", llama.DeclaredRelation); // from the Hub's base_model:finetune: tag
        Assert.Equal(["meta-llama/Meta-Llama-3.1-8B"], llama.DeclaredBaseModels);
        Assert.Contains(llama.Files, f => f.Path == "config.json");

        var gpt2 = db.Models.Single(m => m.Id == "openai-community/gpt2");
        Assert.Null(gpt2.UploadMonth); // createdAt is the Hub's 2022-03-02 placeholder
        Assert.Equal(RecordedHub.BeforeTrackingCount, db.Models.Count(m => m.UploadMonth == null));
    }

    [Fact]
    public async Task A_second_run_reads_one_page_and_adds_nothing()
    {
        using var services = Services(_hub, pageSize: 10);
        var crawl = services.GetRequiredService<CrawlService>();
        var first = await crawl.RunAsync(CancellationToken.None);
        var second = await crawl.RunAsync(CancellationToken.None);

        Assert.Equal(4, first.Requests);
        Assert.Equal(0, second.New);
        Assert.Equal(1, second.Requests); // the first page already reaches models a completed pass stored
        using var db = _database.CreateDbContext();
        Assert.Equal(RecordedHub.ModelCount, db.Models.Count());
        var checkpoint = db.CrawlCheckpoints.Single();
        Assert.Equal("meta-llama/Llama-3.1-8B-Instruct", checkpoint.NewestId);
        Assert.Null(checkpoint.ResumePage);
    }

    [Fact]
    public async Task An_interrupted_pass_resumes_where_it_stopped_without_duplicates()
    {
        using (var stopped = Services(_hub, pageSize: 10, maxPages: 2))
        {
            var partial = await stopped.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);
            Assert.False(partial.PassCompleted);
            Assert.Equal(20, partial.New);
        }
        using (var db = _database.CreateDbContext())
            Assert.NotNull(db.CrawlCheckpoints.Single().ResumePage);

        using var resumed = Services(_hub, pageSize: 10);
        var rest = await resumed.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.True(rest.PassCompleted);
        Assert.Equal(RecordedHub.ModelCount - 20, rest.New);
        Assert.Equal(2, rest.Requests);
        using var read = _database.CreateDbContext();
        Assert.Equal(RecordedHub.ModelCount, read.Models.Count());
    }

    [Fact]
    public async Task New_uploads_are_picked_up_and_edited_metadata_updates_the_row()
    {
        using (var services = Services(_hub))
            await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        var newest = RecordedHub.Catalog.Models[0];
        var edited = newest.Document.DeepClone().AsObject();
        edited["downloads"] = 123;
        var upload = JsonNode.Parse("""{"_id":"ffff","id":"someone/new-model","createdAt":"2025-03-01T10:00:00.000Z","tags":["merge"]}""")!.AsObject();
        var catalog = new DemoHubCatalog(RecordedHub.Catalog.Models.Skip(1)
            .Append(DemoHubCatalog.FromDocument(edited))
            .Append(DemoHubCatalog.FromDocument(upload)));
        await using var changed = await DemoHubServer.StartAsync(catalog);

        // Another process of the same demo hub (new port, same key): the checkpoint carries over.
        using var again = Services(changed);
        var result = await again.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.Equal(1, result.New);
        using var db = _database.CreateDbContext();
        Assert.Equal(RecordedHub.ModelCount + 1, db.Models.Count());
        Assert.Equal("2025-03", db.Models.Single(m => m.Id == "someone/new-model").UploadMonth);
        Assert.Equal(123, db.Models.Single(m => m.Id == newest.Id).Downloads);
    }

    [Fact]
    public async Task A_malformed_model_is_counted_as_failed_and_the_rest_are_stored()
    {
        var good = JsonNode.Parse("""{"_id":"1","id":"org/good","createdAt":"2024-05-01T00:00:00.000Z"}""")!.AsObject();
        var bad = JsonNode.Parse("""{"_id":"2","id":"org/bad","createdAt":"2024-04-01T00:00:00.000Z","likes":{"oops":1}}""")!.AsObject();
        await using var hub = await DemoHubServer.StartAsync(new DemoHubCatalog([DemoHubCatalog.FromDocument(good), DemoHubCatalog.FromDocument(bad)]));
        using var services = Services(hub);

        var result = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.Equal(1, result.New);
        Assert.Equal(1, result.Failed);
        using var db = _database.CreateDbContext();
        Assert.Equal("org/good", db.Models.Single().Id);
    }
}
