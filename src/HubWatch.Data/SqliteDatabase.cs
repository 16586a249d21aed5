using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Data;

/// <summary>Turns the configured SQLite connection string into one that does not depend on the working directory.</summary>
public static class SqliteDatabase
{
    public const string MigrationsAssembly = "HubWatch.Migrations";

    /// <summary>
    /// Resolves a relative <c>Data Source</c> against <paramref name="contentRoot"/> (SQLite would resolve it against
    /// the process's working directory) and creates its folder.
    /// </summary>
    public static string Resolve(string connectionString, string contentRoot)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"ConnectionStrings:HubWatch is not a SQLite connection string such as \"Data Source=data/hubwatch.db\": {e.Message}", e);
        }
        var source = builder.DataSource;
        if (string.IsNullOrWhiteSpace(source))
            throw new InvalidOperationException("ConnectionStrings:HubWatch has no Data Source.");
        if (source == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return builder.ToString();

        builder.DataSource = Path.GetFullPath(source, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }

    /// <summary>
    /// Migrates, then puts the file in write-ahead-log mode (it stays so: the mode is stored in the file). With the
    /// rollback journal a dashboard page reading and a <c>hubwatch crawl</c> writing the same file lock each other
    /// out ("database is locked"); in WAL readers never block the writer nor the writer them. EF Core sets WAL on the
    /// files it creates; this also covers a file made elsewhere (a copy, an older tool).
    /// </summary>
    public static async Task MigrateAsync(HubWatchDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", ct);
    }
}
