using System.Text.Json.Nodes;
using HubWatch.Application.Crawling;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Crawling;

/// <summary>Edits, deletions and renames made on a running demo hub after the first crawl.</summary>
public sealed class RefreshServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private GeneratedHub _generated = null!;
    private DemoHubServer _hub = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _generated = GeneratedHub.Load(TestHub.Folder); // its own instance: the edits stay in this test
        _hub = await DemoHubServer.StartAsync(_generated);
        _services = HubWatchServices.Build(_database, HubSource.RunningDemo(_hub.BaseUri, "test"), new Dictionary<string, string?> { ["Hub:VerifyPerRefresh"] = "1000" });
        await _services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);
        await Refresh(); // the first refresh only notes where changes start
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _hub.DisposeAsync();
        _database.Dispose();
    }

    private Task<RefreshResult> Refresh() => _services.GetRequiredService<RefreshService>().RunAsync(CancellationToken.None);

    [Fact]
    public async Task An_edited_card_and_a_license_change_are_picked_up()
    {
        var target = _generated.Repos[10];
        _generated.Edit(target.Id, TestHub.Now.AddDays(5), repo => repo with
        {
            CardData = new JsonObject { ["license"] = "mit", ["base_model"] = "someone/else" },
            Sha = new string('e', 40),
        });
        _generated.EditText(target.Id, "README.md", "---\nlicense: MIT\nbase_model: someone/else\n---\n# Re-licensed\n");

        var result = await Refresh();

        Assert.True(result.Changed >= 1);
        using var db = _database.CreateDbContext();
        var stored = db.Models.Single(m => m.Id == target.Id);
        Assert.Equal("mit", stored.License);
        Assert.Equal(["someone/else"], stored.DeclaredBaseModels);
        Assert.Equal(new string('e', 40), stored.Sha);
    }

    [Fact]
    public async Task A_deleted_model_is_marked_deleted_not_removed()
    {
        var target = _generated.Repos[20].Id;
        _generated.Delete(target);

        var result = await Refresh();

        Assert.Equal(1, result.Deleted);
        using var db = _database.CreateDbContext();
        Assert.NotNull(db.Models.Single(m => m.Id == target).DeletedAt);
        Assert.Equal(TestHub.ModelCount - 1, db.Models.Count(m => m.DeletedAt == null));
    }

    [Fact]
    public async Task A_renamed_model_is_recorded_and_stored_under_its_new_id()
    {
        var old = _generated.Repos[30].Id;
        var renamed = old + "-renamed";
        _generated.Rename(old, renamed);

        var result = await Refresh();

        Assert.Equal(1, result.Renamed);
        using var db = _database.CreateDbContext();
        Assert.Equal(renamed, db.ModelRenames.Single(r => r.OldId == old).NewId);
        Assert.NotNull(db.Models.Single(m => m.Id == old).DeletedAt);
        Assert.Null(db.Models.Single(m => m.Id == renamed).DeletedAt);
    }

    [Fact]
    public async Task Without_changes_a_refresh_reads_one_page_and_changes_nothing()
    {
        var result = await Refresh();
        Assert.Equal((0, 0, 0, 0), (result.Changed, result.New, result.Deleted, result.Renamed));
        Assert.Equal(TestHub.ModelCount, result.Verified);
    }
}
