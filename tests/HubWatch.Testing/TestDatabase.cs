using HubWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Testing;

/// <summary>A real SQLite file in a temporary folder, migrated like production, deleted afterwards.</summary>
public sealed class TestDatabase : IDbContextFactory<HubWatchDbContext>, IDisposable
{
    private TestDatabase(string folder)
    {
        Folder = folder;
        ConnectionString = $"Data Source={Path.Combine(folder, "hubwatch.db")};Pooling=False";
    }

    public string Folder { get; }
    public string ConnectionString { get; }

    public static TestDatabase CreateMigrated()
    {
        var database = CreateEmpty();
        using var db = database.CreateDbContext();
        db.Database.Migrate();
        return database;
    }

    public static TestDatabase CreateEmpty() =>
        new(Directory.CreateTempSubdirectory("hubwatch-test-").FullName);

    public HubWatchDbContext CreateDbContext()
    {
        var options = new DbContextOptionsBuilder<HubWatchDbContext>();
        DataServiceCollectionExtensions.Configure(options, ConnectionString);
        return new HubWatchDbContext(options.Options);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a test host still holding the file must not fail the test; the OS cleans temp
        }
    }
}
