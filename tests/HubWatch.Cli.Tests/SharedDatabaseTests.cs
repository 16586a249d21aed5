using HubWatch.Testing;
using Microsoft.Data.Sqlite;

namespace HubWatch.Cli.Tests;

/// <summary>
/// <c>hubwatch crawl --db FILE</c> while a dashboard reads the same file: a page of the dashboard holds a read open
/// (a transaction that has read), and the crawl still writes every row without "database is locked".
/// </summary>
public sealed class SharedDatabaseTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-shared-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_crawl_writes_every_row_while_a_reader_holds_the_file_open()
    {
        await using var hub = await TestHub.ServeAsync();
        var database = Path.Combine(_folder, "hubwatch.db");
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["trends", "--db", database], output, error)); // the schema, as the dashboard's start makes it

        using var reader = new SqliteConnection($"Data Source={database};Pooling=False");
        reader.Open();
        using var read = reader.BeginTransaction(deferred: true);
        Assert.Equal(0L, Count(reader, read));

        var code = await CliApp.RunAsync(["crawl", "--hub", hub.BaseUri.AbsoluteUri, "--db", database], output, error).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(code == 0, error.ToString());
        Assert.DoesNotContain("locked", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, Count(reader, read)); // the reader's view stays as it began
        read.Commit();
        Assert.Equal((long)TestHub.ModelCount, Count(reader, null));
    }

    [Fact]
    public async Task A_database_file_made_elsewhere_is_put_in_write_ahead_log_mode_too()
    {
        var database = Path.Combine(_folder, "copied.db");
        using (var made = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            made.Open(); // an empty file in the rollback-journal mode SQLite starts with (EF Core sets WAL only on files it creates)
            using var command = made.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = DELETE; CREATE TABLE Other (x); DROP TABLE Other;";
            command.ExecuteNonQuery();
        }
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, await CliApp.RunAsync(["trends", "--db", database], output, error));

        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", mode.ExecuteScalar());
    }

    private static long Count(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM Models";
        return (long)command.ExecuteScalar()!;
    }
}
