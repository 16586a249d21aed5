using HubWatch.Data;
using HubWatch.Testing;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Data.Tests;

public sealed class MigrationTests
{
    [Fact]
    public void The_model_has_no_changes_without_a_migration()
    {
        // Fails when an entity or configuration changed and nobody ran `dotnet ef migrations add`.
        using var database = TestDatabase.CreateEmpty();
        using var db = database.CreateDbContext();
        Assert.False(db.Database.HasPendingModelChanges(),
            "The EF model changed without a migration: dotnet ef migrations add <Name> --project migrations --startup-project migrations");
    }

    [Fact]
    public void Migrations_create_every_table_on_a_fresh_file()
    {
        using var database = TestDatabase.CreateMigrated();
        using var db = database.CreateDbContext();
        Assert.Empty(db.Database.GetPendingMigrations());
        var tables = db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToList();
        Assert.Subset(tables.ToHashSet(), new HashSet<string> { "Models", "ModelFiles", "CrawlCheckpoints", "JobRuns" });
    }

    [Fact]
    public void Migrating_twice_is_harmless()
    {
        using var database = TestDatabase.CreateMigrated();
        using var db = database.CreateDbContext();
        db.Database.Migrate();
        Assert.Equal(db.Database.GetMigrations(), db.Database.GetAppliedMigrations());
    }
}
