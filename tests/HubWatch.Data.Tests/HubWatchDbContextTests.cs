using HubWatch.Data.Entities;
using HubWatch.Testing;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Data.Tests;

/// <summary>The mapping on a real SQLite file: times, lists, cascades and constraints.</summary>
public sealed class HubWatchDbContextTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void Times_come_back_as_UTC_and_order_chronologically()
    {
        using (var db = _database.CreateDbContext())
        {
            db.Models.Add(Model("b/late", new DateTime(2024, 7, 18, 8, 56, 0, DateTimeKind.Utc)));
            db.Models.Add(Model("a/early", new DateTime(2023, 10, 26, 11, 25, 49, DateTimeKind.Utc)));
            db.SaveChanges();
        }
        using var read = _database.CreateDbContext();
        var ordered = read.Models.OrderByDescending(m => m.CreatedAt).ToList();
        Assert.Equal(["b/late", "a/early"], ordered.Select(m => m.Id));
        Assert.All(ordered, m => Assert.Equal(DateTimeKind.Utc, m.CreatedAt.Kind));
        Assert.Equal(new DateTime(2024, 7, 18, 8, 56, 0, DateTimeKind.Utc), ordered[0].CreatedAt);
    }

    [Fact]
    public void Tag_and_base_model_lists_round_trip()
    {
        using (var db = _database.CreateDbContext())
        {
            var model = Model("org/merge", DateTime.UtcNow);
            model.Tags = ["merge", "mergekit", "base_model:merge:org/a"];
            model.DeclaredBaseModels = ["org/a", "org/b"];
            db.Models.Add(model);
            db.SaveChanges();
        }
        using var read = _database.CreateDbContext();
        var stored = read.Models.Single();
        Assert.Equal(["merge", "mergekit", "base_model:merge:org/a"], stored.Tags);
        Assert.Equal(["org/a", "org/b"], stored.DeclaredBaseModels);
    }

    [Fact]
    public void Deleting_a_model_deletes_its_files()
    {
        using (var db = _database.CreateDbContext())
        {
            var model = Model("org/m", DateTime.UtcNow);
            model.Files.Add(new ModelFile { ModelId = model.Id, Path = "model.safetensors", LfsSha256 = new string('a', 64) });
            db.Models.Add(model);
            db.SaveChanges();
        }
        using (var db = _database.CreateDbContext())
        {
            db.Models.Remove(db.Models.Single());
            db.SaveChanges();
        }
        using var read = _database.CreateDbContext();
        Assert.Equal(0, read.ModelFiles.Count());
    }

    [Fact]
    public void A_file_path_is_unique_within_a_model()
    {
        using var db = _database.CreateDbContext();
        var model = Model("org/m", DateTime.UtcNow);
        model.Files.Add(new ModelFile { ModelId = model.Id, Path = "config.json" });
        model.Files.Add(new ModelFile { ModelId = model.Id, Path = "config.json" });
        db.Models.Add(model);
        Assert.Throws<DbUpdateException>(() => db.SaveChanges());
    }

    [Fact]
    public void Job_run_status_is_stored_by_name()
    {
        using (var db = _database.CreateDbContext())
        {
            db.JobRuns.Add(new JobRun { JobName = "Crawl", StartedAt = DateTime.UtcNow, Status = RunStatus.Failed, Error = "hub down" });
            db.SaveChanges();
        }
        using var read = _database.CreateDbContext();
        var status = read.Database.SqlQueryRaw<string>("SELECT Status AS Value FROM JobRuns").Single();
        Assert.Equal("Failed", status);
    }

    private static HubModel Model(string id, DateTime createdAt) =>
        new() { Id = id, CreatedAt = createdAt, FirstSeenAt = createdAt, LastCrawledAt = createdAt };
}
