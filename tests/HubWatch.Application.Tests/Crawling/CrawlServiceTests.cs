using System.Globalization;
using HubWatch.Application.Crawling;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Crawling;

/// <summary>The crawl over real HTTP (the demo hub on a loopback port) into a real SQLite file.</summary>
public sealed class CrawlServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private DemoHubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.ServeAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _database.Dispose();
    }

    private ServiceProvider Services(int pageSize = 100, int maxPages = 50) =>
        HubWatchServices.Build(_database, HubSource.RunningDemo(_hub.BaseUri, "test"), new Dictionary<string, string?>
        {
            ["Hub:PageSize"] = pageSize.ToString(CultureInfo.InvariantCulture),
            ["Hub:MaxPagesPerRun"] = maxPages.ToString(CultureInfo.InvariantCulture),
        });

    private static int Pages(int models, int pageSize) => (models + pageSize - 1) / pageSize;

    [Fact]
    public async Task A_first_run_stores_every_model_with_its_declared_facts()
    {
        using var services = Services();
        var result = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.Equal((TestHub.ModelCount, 0, 0, true, TestHub.ModelCount), (result.New, result.Updated, result.Failed, result.PassCompleted, result.CardsRead));
        // the pages, then each model's card and, where the repository has them, its mergekit config and shard index
        var files = TestHub.Hub.Repos.Sum(r => r.Files.Count(f => f.Path is "README.md" or "mergekit_config.yml" or "model.safetensors.index.json"));
        Assert.Equal(Pages(TestHub.ModelCount, 100) + files, result.Requests);
        using var db = _database.CreateDbContext();
        Assert.Equal(TestHub.ModelCount, db.Models.Count());
        Assert.Equal(TestHub.BeforeTrackingCount, db.Models.Count(m => m.UploadMonth == null));

        var merge = TestHub.Hub.Repos.First(r => r.Tags.Contains("mergekit") && r.CardData["base_model"] is not null);
        var stored = db.Models.Include(m => m.Files).Single(m => m.Id == merge.Id);
        Assert.Equal(merge.Author, stored.Author);
        Assert.Equal(merge.CreatedAt.ToString("yyyy-MM", CultureInfo.InvariantCulture), stored.UploadMonth);
        Assert.Equal((string?)merge.CardData["license"], stored.License);
        Assert.Equal("merge", stored.DeclaredRelation); // a base_model list means merge, as the Hub infers
        Assert.Contains(stored.Files, f => f.Path == "mergekit_config.yml");
        Assert.Contains("mergekit", stored.Tags);
    }

    [Fact]
    public async Task A_second_run_reads_one_page_and_adds_nothing()
    {
        using var services = Services(pageSize: 50);
        var crawl = services.GetRequiredService<CrawlService>();
        var first = await crawl.RunAsync(CancellationToken.None);
        var second = await crawl.RunAsync(CancellationToken.None);

        Assert.Equal(TestHub.ModelCount, first.CardsRead);
        Assert.Equal(0, second.New);
        Assert.Equal(0, second.CardsRead);
        Assert.Equal(1, second.Requests); // the first page already reaches models a completed pass stored
        using var db = _database.CreateDbContext();
        Assert.Equal(TestHub.ModelCount, db.Models.Count());
        var checkpoint = db.CrawlCheckpoints.Single();
        Assert.Equal(TestHub.Hub.Repos[0].Id, checkpoint.NewestId);
        Assert.Null(checkpoint.ResumePage);
    }

    [Fact]
    public async Task An_interrupted_pass_resumes_where_it_stopped_without_duplicates()
    {
        using (var stopped = Services(pageSize: 40, maxPages: 2))
        {
            var partial = await stopped.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);
            Assert.False(partial.PassCompleted);
            Assert.Equal(80, partial.New);
        }
        using (var db = _database.CreateDbContext())
            Assert.NotNull(db.CrawlCheckpoints.Single().ResumePage);

        using var resumed = Services(pageSize: 40);
        var rest = await resumed.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.True(rest.PassCompleted);
        Assert.Equal(TestHub.ModelCount - 80, rest.New);
        Assert.Equal(TestHub.ModelCount - 80, rest.CardsRead); // the stopped run read the cards of what it stored
        using var read = _database.CreateDbContext();
        Assert.Equal(TestHub.ModelCount, read.Models.Count());
    }

    [Fact]
    public async Task Uploads_that_arrive_later_are_picked_up_by_the_next_run()
    {
        var cut = TestHub.Now.AddMonths(-3);
        _hub.Timeline.VisibleUntil = cut;
        using var services = Services();
        var crawl = services.GetRequiredService<CrawlService>();
        var before = await crawl.RunAsync(CancellationToken.None);

        _hub.Timeline.VisibleUntil = null;
        var after = await crawl.RunAsync(CancellationToken.None);

        var later = TestHub.Hub.Repos.Count(r => r.CreatedAt >= cut);
        Assert.Equal(TestHub.ModelCount - later, before.New);
        Assert.Equal(later, after.New);
        using var db = _database.CreateDbContext();
        Assert.Equal(TestHub.ModelCount, db.Models.Count());
    }

    [Fact]
    public async Task A_malformed_model_is_counted_as_failed_and_the_rest_are_stored()
    {
        _hub.Faults.MalformedElementRate = 0.05;
        using var services = Services();

        var result = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.True(result.Failed > 0);
        Assert.Equal(TestHub.ModelCount, result.New + result.Failed);
        using var db = _database.CreateDbContext();
        Assert.Equal(result.New, db.Models.Count());
    }

    [Fact]
    public async Task A_hub_with_5xx_429_truncated_and_slow_answers_is_crawled_completely()
    {
        _hub.Faults.ServerErrorRate = 0.15;
        _hub.Faults.TruncateRate = 0.05;
        _hub.Faults.RateLimit = 40;
        _hub.Faults.RateLimitWindow = TimeSpan.FromSeconds(1);
        _hub.Faults.Delay = TimeSpan.FromMilliseconds(2);
        using var services = HubWatchServices.Build(_database, HubSource.RunningDemo(_hub.BaseUri, "test"), new Dictionary<string, string?>
        {
            ["Hub:Http:Retry:BaseDelay"] = "00:00:00.010",
            ["Hub:Http:Retry:MaxAttempts"] = "8",
        });

        var result = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.True(result.PassCompleted);
        Assert.Equal(TestHub.ModelCount, result.New);
        using var db = _database.CreateDbContext();
        Assert.Equal(TestHub.ModelCount, db.Models.Count());
        Assert.Equal(TestHub.ModelCount, db.Models.Count(m => m.CardCheckedSha == m.Sha));
        var traffic = services.GetRequiredService<HubWatch.Hub.Http.HubTraffic>().Snapshot();
        Assert.True(traffic.Retries > 0 && traffic.ServerErrors > 0, $"the faults were not hit: {traffic}");
    }

    [Fact]
    public async Task Cards_and_configs_give_the_declared_provenance_of_each_model()
    {
        using var services = Services();
        await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        using var db = _database.CreateDbContext();
        Assert.All(db.Models, m => Assert.Equal(m.Sha, m.CardCheckedSha));
        foreach (var repo in TestHub.Hub.Repos.Where(r => r.Files.Any(f => f.Path == "mergekit_config.yml")))
        {
            var stored = db.Models.Single(m => m.Id == repo.Id);
            Assert.True(stored.HasMergekitConfig);
            Assert.NotNull(stored.DeclaredMergeMethod);
            Assert.Contains("mergekit", stored.Tags);
            if (repo.Files.Any(f => f.Path == "model.safetensors.index.json"))
                Assert.Equal("0.1.4", stored.MergekitVersion);
        }
        // a card that only claims training from scratch states provenance (falsely or not) without a base model
        var claim = TestHub.Hub.Repos.First(r => r.CardData["base_model"] is null && r.CardData["datasets"] is not null);
        var claimed = db.Models.Single(m => m.Id == claim.Id);
        Assert.True(claimed.StatesProvenance);
        Assert.Empty(claimed.DeclaredBaseModels);
        // no declaration at all
        var silent = TestHub.Hub.Repos.First(r => r.CardData["base_model"] is null && r.CardData["datasets"] is null && !r.Tags.Contains("mergekit"));
        Assert.False(db.Models.Single(m => m.Id == silent.Id).StatesProvenance);
    }
}
