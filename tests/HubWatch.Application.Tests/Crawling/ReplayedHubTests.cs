using HubWatch.Application.Crawling;
using HubWatch.Data.Entities;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Crawling;

/// <summary>The crawl against replayed real huggingface.co responses: declared fields as real cards write them.</summary>
public sealed class ReplayedHubTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private ReplayHub _hub = null!;

    public async Task InitializeAsync() => _hub = await ReplayHub.StartAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _database.Dispose();
    }

    private ServiceProvider Services() => HubWatchServices.Build(_database, HubSource.Configured(_hub.BaseUri));

    [Fact]
    public async Task Real_models_are_stored_with_their_declared_fields()
    {
        using var services = Services();
        var result = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);

        Assert.Equal(_hub.Bodies.Count, result.New);
        using var db = _database.CreateDbContext();
        var llama = db.Models.Single(m => m.Id == "meta-llama/Llama-3.1-8B-Instruct");
        Assert.Equal(("llama3.1", "manual", "finetune"), (llama.License, llama.Gated, llama.DeclaredRelation));
        Assert.Equal(["meta-llama/Meta-Llama-3.1-8B"], llama.DeclaredBaseModels); // the card's old id, as written
        Assert.Equal("2024-07", llama.UploadMonth);

        var roberta = db.Models.Single(m => m.Id == "deepset/roberta-base-squad2");
        Assert.Equal(("cc-by-4.0", "finetune"), (roberta.License, roberta.DeclaredRelation));
        Assert.Equal(["FacebookAI/roberta-base"], roberta.DeclaredBaseModels);
        Assert.Contains("squad_v2", roberta.Datasets);

        // gpt2, bert-base-uncased and t5-small carry the Hub's pre-2022-03 placeholder stamp
        Assert.Null(db.Models.Single(m => m.Id == "openai-community/gpt2").UploadMonth);
        Assert.True(db.Models.Count(m => m.UploadMonth == null) >= 20);
    }

    [Fact]
    public async Task A_recorded_307_is_stored_as_a_rename_to_the_new_id()
    {
        using (var db = _database.CreateDbContext())
        {
            // stored under its old id by an earlier crawl
            db.Models.Add(new HubModel { Id = "bert-base-uncased", CreatedAt = new DateTime(2022, 3, 2, 23, 29, 4, DateTimeKind.Utc), FirstSeenAt = DateTime.UtcNow, LastCrawledAt = DateTime.UtcNow.AddDays(-1) });
            db.CrawlCheckpoints.Add(new CrawlCheckpoint { HubKey = HubSource.Configured(_hub.BaseUri).Key, NewestCreatedAt = DateTime.UtcNow, RefreshedUntil = DateTime.UtcNow });
            db.SaveChanges();
        }
        using var services = Services();
        var result = await services.GetRequiredService<RefreshService>().RunAsync(CancellationToken.None);

        Assert.Equal(1, result.Renamed);
        using var read = _database.CreateDbContext();
        var rename = read.ModelRenames.Single();
        Assert.Equal(("bert-base-uncased", "google-bert/bert-base-uncased"), (rename.OldId, rename.NewId));
        Assert.NotNull(read.Models.Single(m => m.Id == "bert-base-uncased").DeletedAt);
        Assert.Equal("apache-2.0", read.Models.Single(m => m.Id == "google-bert/bert-base-uncased").License);
    }
}
