using System.Text.Json.Nodes;
using HubWatch.Application.Crawling;
using HubWatch.Application.Faults;
using HubWatch.Application.Fingerprinting;
using HubWatch.Data.Entities;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Serving;
using HubWatch.Formats.Reading;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Fingerprinting;

/// <summary>
/// A hub gone bad under the fingerprint step (over real HTTP, through a <see cref="TamperingHub"/>): an index over
/// the text limit, a file tree listing paths twice, a tree whose body is always cut short. Each costs its model only;
/// the one that keeps failing is parked instead of being tried first, run after run.
/// </summary>
public sealed class PoisonWeightsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private DemoHubServer _demo = null!;
    private TamperingHub _hub = null!;

    /// <summary>Small safetensors models of one author, one of them sharded.</summary>
    private static readonly HubRepo[] Models = TestHub.Hub.Repos
        .Where(r => r.Architecture != "llama-70b" && r.Files.Any(f => f.Path.EndsWith(".safetensors", StringComparison.Ordinal)))
        .GroupBy(r => r.Author)
        .First(g => g.Count() >= 3 && g.Any(r => r.Files.Any(f => f.Path == CardReader.ShardIndexFile)))
        .ToArray();

    /// <summary>Every model of that author with files: the runs here touch only these.</summary>
    private static readonly HubRepo[] Pending = [.. TestHub.Hub.Repos.Where(r => r.Author == Models[0].Author && r.Files.Length > 0)];

    public async Task InitializeAsync()
    {
        _demo = await TestHub.ServeAsync();
        _hub = await TamperingHub.StartAsync(_demo.BaseUri);
        using var services = Services();
        await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _demo.DisposeAsync();
        _database.Dispose();
    }

    private ServiceProvider Services(int perRun = 1000, int budgetMiB = 64)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Http:Retry:MaxAttempts"] = "1",
            ["Quarantine:After"] = "2",
            ["Hub:Http:BodyTimeout"] = "00:00:03", // demo answers take milliseconds; a stalled one is given up on soon
            ["Fingerprint:PerRun"] = perRun.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fingerprint:BudgetMiB"] = budgetMiB.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var others = TestHub.Hub.Repos.Select(r => r.Author).Distinct().Where(a => a != Models[0].Author).ToList();
        for (var i = 0; i < others.Count; i++)
            settings[$"Fingerprint:ExcludeAuthors:{i}"] = others[i];
        return HubWatchServices.Build(_database, HubSource.Configured(_hub.BaseUri), settings);
    }

    private static Func<HttpRequest, bool> Tree(HubRepo repo) => request => request.Path == $"/api/models/{repo.Id}/tree/{repo.Sha}";

    private int TreeReads(HubRepo repo) => _hub.Seen.Count(path => path.StartsWith($"/api/models/{repo.Id}/tree/", StringComparison.Ordinal));

    [Fact]
    public async Task An_index_over_the_limit_fails_its_model_for_this_commit_and_a_tree_listing_paths_twice_is_read_once()
    {
        var sharded = Models.First(r => r.Files.Any(f => f.Path == CardReader.ShardIndexFile));
        var twice = Models.First(r => r != sharded && r.Files.All(f => f.Path != CardReader.ShardIndexFile));
        _hub.Reply(request => request.Path == $"/{sharded.Id}/resolve/{sharded.Sha}/{CardReader.ShardIndexFile}", 200, "{\"weight_map\":{}}" + new string(' ', 1_100_000));
        _hub.RewriteJson(Tree(twice), tree => new JsonArray([.. tree.AsArray().SelectMany(e => new[] { e!.DeepClone(), e.DeepClone() })]));
        using var services = Services();
        var fingerprints = services.GetRequiredService<FingerprintService>();

        var first = await fingerprints.RunAsync(CancellationToken.None);

        Assert.Equal((Pending.Length, 1, 0), (first.Stored, first.Failed, first.Deferred));
        using var db = _database.CreateDbContext();
        var rows = db.Fingerprints.Where(f => f.ModelId == sharded.Id || f.ModelId == twice.Id).ToDictionary(f => f.ModelId);
        Assert.Equal(FingerprintStatus.Failed, rows[sharded.Id].Status);
        Assert.Contains("over 1048576", rows[sharded.Id].Error, StringComparison.Ordinal);
        Assert.Equal(FingerprintStatus.Sampled, rows[twice.Id].Status);

        var second = await fingerprints.RunAsync(CancellationToken.None);
        Assert.Equal(0, second.Stored + second.Deferred); // refused for this commit: not asked again
        Assert.Equal(1, TreeReads(sharded));
    }

    [Fact]
    public async Task An_index_naming_a_thousand_shards_with_large_headers_is_cut_at_one_budget_for_the_whole_model()
    {
        var sharded = Models.First(r => r.Files.Any(f => f.Path == CardReader.ShardIndexFile));
        var shards = Enumerable.Range(1, 1000).Select(i => $"model-{i:00000}-of-01000.safetensors").ToArray();
        var map = new JsonObject();
        for (var i = 0; i < shards.Length; i++)
            map[$"w{i}"] = shards[i];
        _hub.Reply(request => request.Path == $"/{sharded.Id}/resolve/{sharded.Sha}/{CardReader.ShardIndexFile}", 200, new JsonObject { ["weight_map"] = map }.ToJsonString(), "application/json");
        const int headerBytes = 2 << 20; // legal (the format allows 100 MB), and each shard's alone is within any budget
        _hub.Answer(request => request.Path.StartsWithSegments($"/{sharded.Id}/resolve") && request.Path.Value!.EndsWith("-of-01000.safetensors", StringComparison.Ordinal), async context =>
        {
            var name = context.Request.Path.Value!.Split('/')[^1];
            var pad = string.Join(',', Enumerable.Range(0, headerBytes / (64 << 10)).Select(i => $"\"pad{i}\":\"{new string('x', 64 << 10)}\""));
            var header = System.Text.Encoding.UTF8.GetBytes(
                $"{{\"__metadata__\":{{{pad}}},\"{name}\":{{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}}}");
            context.Response.ContentLength = 8 + header.Length + 4; // Range ignored: the whole file, as some servers do
            await context.Response.Body.WriteAsync(BitConverter.GetBytes((long)header.Length), context.RequestAborted);
            await context.Response.Body.WriteAsync(header, context.RequestAborted);
            await context.Response.Body.WriteAsync(new byte[4], context.RequestAborted);
        });
        using var services = Services(budgetMiB: 1);

        var result = await services.GetRequiredService<FingerprintService>().RunAsync(CancellationToken.None);

        using var db = _database.CreateDbContext();
        var row = db.Fingerprints.Single(f => f.ModelId == sharded.Id);
        Assert.Equal(FingerprintStatus.Failed, row.Status);
        Assert.Contains("byte budget of 105906176 bytes", row.Error, StringComparison.Ordinal); // 1 MiB of data + 100 MiB for all headers
        var asked = _hub.Seen.Where(p => p.EndsWith("-of-01000.safetensors", StringComparison.Ordinal)).Distinct().Count();
        Assert.InRange(asked, 2, (int)(ByteBudget.HeaderAllowance / headerBytes) + 2); // one budget for the model, not one per shard
        Assert.Equal(Pending.Length, result.Stored);
    }

    [Fact]
    public async Task Weights_that_stop_arriving_after_their_headers_defer_their_model_and_the_run_ends()
    {
        var silent = Models.First(r => r.Files.All(f => f.Path != CardReader.ShardIndexFile));
        _hub.Stall(request => request.Path.StartsWithSegments($"/{silent.Id}/resolve") && request.Path.Value!.EndsWith(".safetensors", StringComparison.Ordinal), claimedLength: 1 << 20);
        using var services = Services();

        var result = await services.GetRequiredService<FingerprintService>().RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal((Pending.Length - 1, 1), (result.Stored, result.Deferred));
        var fault = Assert.Single(await services.GetRequiredService<ModelFaults>().OfModelAsync(silent.Id, CancellationToken.None));
        Assert.Contains("did not send its whole body within 3 s", fault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_keeps_failing_goes_last_then_is_parked_until_an_admin_releases_it()
    {
        _hub.Truncate(request => request.Path.StartsWithSegments("/api/models") && request.Path.Value!.Contains("/tree/", StringComparison.Ordinal));
        using var one = Services(perRun: 1);
        var first = await one.GetRequiredService<FingerprintService>().RunAsync(CancellationToken.None);
        Assert.Equal((0, 1, 0), (first.Stored, first.Deferred, first.Parked));
        var failing = Pending.Single(r => TreeReads(r) == 1);

        _hub.Clear();
        _hub.Truncate(Tree(failing));
        var second = await one.GetRequiredService<FingerprintService>().RunAsync(CancellationToken.None);
        Assert.Equal((1, 0), (second.Stored, second.Deferred)); // another model first: the failing one waits behind the rest
        Assert.Equal(1, TreeReads(failing));

        using var all = Services();
        var fingerprints = all.GetRequiredService<FingerprintService>();
        var third = await fingerprints.RunAsync(CancellationToken.None);
        Assert.Equal((Pending.Length - 2, 1, 1), (third.Stored, third.Deferred, third.Parked));
        var faults = all.GetRequiredService<ModelFaults>();
        var parked = Assert.Single(await faults.ParkedAsync(10, CancellationToken.None));
        Assert.Equal((failing.Id, ModelFault.Fingerprint, 2, failing.Sha), (parked.ModelId, parked.Step, parked.Failures, parked.Revision));

        var fourth = await fingerprints.RunAsync(CancellationToken.None);
        Assert.Equal((0, 0, 2), (fourth.Stored, fourth.Deferred, TreeReads(failing))); // parked: not tried

        Assert.True(await faults.ReleaseAsync(failing.Id, ModelFault.Fingerprint, CancellationToken.None));
        var fifth = await fingerprints.RunAsync(CancellationToken.None);
        Assert.Equal((1, 0, 3), (fifth.Deferred, fifth.Parked, TreeReads(failing))); // tried again, counting from zero
    }
}
