namespace HubWatch.Data.Tests;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public void A_relative_data_source_resolves_against_the_content_root_and_its_folder_is_created()
    {
        var root = Directory.CreateTempSubdirectory("hubwatch-root-").FullName;
        try
        {
            var resolved = SqliteDatabase.Resolve("Data Source=data/hubwatch.db", root);
            Assert.Contains($"Data Source={Path.Combine(root, "data", "hubwatch.db")}", resolved, StringComparison.Ordinal);
            Assert.True(Directory.Exists(Path.Combine(root, "data")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void An_absolute_path_and_memory_databases_stay_as_they_are()
    {
        Assert.Contains("Data Source=:memory:", SqliteDatabase.Resolve("Data Source=:memory:", "/nowhere"), StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), "hubwatch-absolute.db");
        Assert.Contains(file, SqliteDatabase.Resolve($"Data Source={file}", "/nowhere"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_connection_string_without_a_data_source_is_refused_clearly()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SqliteDatabase.Resolve("Cache=Shared", "/tmp"));
        Assert.Contains("Data Source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Words_that_are_not_a_connection_string_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SqliteDatabase.Resolve("Data", "/tmp")); // "Data Source=x" split by a shell
        Assert.Contains("ConnectionStrings:HubWatch is not a SQLite connection string", error.Message, StringComparison.Ordinal);
    }
}
