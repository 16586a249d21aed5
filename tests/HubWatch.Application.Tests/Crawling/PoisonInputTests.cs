using System.Text.Json.Nodes;
using HubWatch.Application.Crawling;
using HubWatch.Application.Faults;
using HubWatch.Data.Entities;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Crawling;

/// <summary>
/// What a hub gone bad sends in place of a model's description or card (over real HTTP, through a
/// <see cref="TamperingHub"/>): each bad thing costs that model only, with its reason, and the run goes on.
/// </summary>
public sealed class PoisonInputTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private DemoHubServer _demo = null!;
    private TamperingHub _hub = null!;

    public async Task InitializeAsync()
    {
        _demo = await TestHub.ServeAsync();
        _hub = await TamperingHub.StartAsync(_demo.BaseUri);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _demo.DisposeAsync();
        _database.Dispose();
    }

    private ServiceProvider Services() => HubWatchServices.Build(_database, HubSource.Configured(_hub.BaseUri, token: null), new Dictionary<string, string?>
    {
        ["Hub:Http:Retry:MaxAttempts"] = "1", // the faults here are the model's, not the network's: no need to wait for retries
        ["Quarantine:After"] = "2",
        ["Hub:Http:BodyTimeout"] = "00:00:03", // demo answers take milliseconds; a stalled one is given up on soon
    });

    private static HubRepo WithCard(int skip = 0) => TestHub.Hub.Repos.Where(r => r.Files.Any(f => f.Path == CardReader.Card)).Skip(skip).First();

    private static Func<HttpRequest, bool> Card(HubRepo repo) => request => request.Path == $"/{repo.Id}/resolve/{repo.Sha}/{CardReader.Card}";

    [Fact]
    public async Task A_card_over_the_text_limit_is_refused_with_its_reason_and_every_other_card_is_read()
    {
        var (declared, chunked) = (WithCard(0), WithCard(1));
        var huge = "---\nlicense: mit\n---\n![logo](data:image/png;base64," + new string('A', 1_100_000) + ")";
        _hub.Reply(Card(declared), 200, huge); // Content-Length says it is too large
        _hub.Answer(Card(chunked), async context =>
        {
            for (var i = 0; i < 20; i++) // no Content-Length: only reading tells
                await context.Response.WriteAsync(huge[..100_000], context.RequestAborted);
        });
        using var services = Services();

        var result = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.True(result.PassCompleted);
        Assert.Equal((TestHub.ModelCount, TestHub.ModelCount, 2), (result.New, result.CardsRead, result.CardsFailed));
        using var db = _database.CreateDbContext();
        Assert.All(db.Models, m => Assert.Equal(m.Sha, m.CardCheckedSha)); // refused for good: not asked again for this commit
        var refused = db.Models.Where(m => m.CardError != null).OrderBy(m => m.Id).ToList();
        Assert.Equal(new[] { declared.Id, chunked.Id }.Order(StringComparer.Ordinal), refused.Select(m => m.Id));
        Assert.All(refused, m => Assert.Contains("over 1048576", m.CardError, StringComparison.Ordinal));
        // what could be read stays: the API's echo of the card
        Assert.Equal((string?)declared.CardData["license"], refused.Single(m => m.Id == declared.Id).License);
    }

    [Fact]
    public async Task A_hub_that_sends_headers_and_then_nothing_costs_one_card_or_fails_the_run_but_never_hangs()
    {
        var silent = WithCard(3);
        _hub.Stall(Card(silent));
        using var services = Services();
        var crawl = services.GetRequiredService<CrawlService>();

        var result = await crawl.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal((TestHub.ModelCount, TestHub.ModelCount, 1), (result.New, result.CardsRead, result.CardsFailed));
        using (var db = _database.CreateDbContext())
        {
            var fault = Assert.Single(db.ModelFaults);
            Assert.Equal((silent.Id, ModelFault.Card), (fault.ModelId, fault.Step));
            Assert.Contains("did not send its whole body within 3 s", fault.Reason, StringComparison.Ordinal);
        }

        _hub.Clear();
        _hub.Stall(request => request.Path == "/api/models"); // the list itself: nothing to read, the run fails, with its reason
        var error = await Assert.ThrowsAsync<IOException>(() => crawl.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("/api/models did not send its whole body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nulls_where_lists_and_strings_belong_cost_nothing_but_the_missing_values()
    {
        var repos = TestHub.Hub.Repos.Where(r => r.Files.Length > 2 && r.Tags.Length > 0 && r.CardData["license"] is not null).Take(4).ToArray();
        var poisons = new Action<JsonObject>[]
        {
            m => m["tags"] = null,
            m => m["siblings"] = null,
            m => m["siblings"]![0]!["rfilename"] = null,
            m => m["cardData"]!["license"] = null,
        };
        _hub.RewriteJson(request => request.Path == "/api/models", page =>
        {
            foreach (var model in page.AsArray().Select(m => m!.AsObject()))
            {
                var i = Array.FindIndex(repos, r => r.Id == (string?)model["id"]);
                if (i >= 0)
                    poisons[i](model);
            }
            return page;
        });
        using var services = Services();

        var result = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.Equal((TestHub.ModelCount, 0), (result.New, result.Failed));
        using var db = _database.CreateDbContext();
        var stored = db.Models.Include(m => m.Files).Where(m => repos.Select(r => r.Id).Contains(m.Id)).ToDictionary(m => m.Id);
        Assert.Empty(stored[repos[0].Id].Tags);
        Assert.Empty(stored[repos[1].Id].Files);
        Assert.Equal(repos[2].Files.Length - 1, stored[repos[2].Id].Files.Count);
        Assert.Equal(repos[3].Files.Length, stored[repos[3].Id].Files.Count);
        Assert.Empty(db.ModelFaults);
    }

    [Fact]
    public async Task A_card_that_keeps_failing_is_parked_skipped_and_released_by_an_admin()
    {
        var poisoned = WithCard(2);
        _hub.Truncate(Card(poisoned)); // the body is cut short every time: not the card's content, so tried again
        using var services = Services();
        var crawl = services.GetRequiredService<CrawlService>();
        var faults = services.GetRequiredService<ModelFaults>();
        int Asked() => _hub.Seen.Count(path => path.StartsWith($"/{poisoned.Id}/resolve/", StringComparison.Ordinal) && path.EndsWith(CardReader.Card, StringComparison.Ordinal));

        var first = await crawl.RunAsync(CancellationToken.None);
        Assert.Equal((TestHub.ModelCount, TestHub.ModelCount, 1), (first.New, first.CardsRead, first.CardsFailed));
        Assert.Equal(1, Asked()); // once per run, however many batches the run reads
        Assert.Empty(await faults.ParkedAsync(10, CancellationToken.None));

        var second = await crawl.RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), (second.CardsRead, second.CardsFailed));
        var parked = Assert.Single(await faults.ParkedAsync(10, CancellationToken.None));
        Assert.Equal((poisoned.Id, ModelFault.Card, 2, poisoned.Sha), (parked.ModelId, parked.Step, parked.Failures, parked.Revision));
        Assert.False(string.IsNullOrWhiteSpace(parked.Reason));

        var third = await crawl.RunAsync(CancellationToken.None);
        Assert.Equal((0, 2), (third.CardsRead, Asked())); // parked: not asked again

        Assert.True(await faults.ReleaseAsync(poisoned.Id, ModelFault.Card, CancellationToken.None));
        _hub.Clear();
        var released = await crawl.RunAsync(CancellationToken.None);
        Assert.Equal((1, 0, 3), (released.CardsRead, released.CardsFailed, Asked()));
        using var db = _database.CreateDbContext();
        Assert.Equal(poisoned.Sha, db.Models.Single(m => m.Id == poisoned.Id).CardCheckedSha);
        Assert.Empty(db.ModelFaults);
    }
}
