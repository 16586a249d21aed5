using Microsoft.Data.Sqlite;

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
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (string.IsNullOrWhiteSpace(source))
            throw new InvalidOperationException("ConnectionStrings:HubWatch has no Data Source.");
        if (source == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            return builder.ToString();

        builder.DataSource = Path.GetFullPath(source, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }
}
