using System.Text.Json;
using HubWatch.Testing;
using static HubWatch.Cli.Tests.CliRun;

namespace HubWatch.Cli.Tests;

/// <summary>The <c>hubwatch</c> verbs run in-process over a real SQLite file and the embedded demo hub.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-cli-").FullName;

    private string DatabasePath => Path.Combine(_folder, "hubwatch.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Help_lists_every_verb()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        Assert.Contains("hub", output, StringComparison.Ordinal);
        Assert.Contains("crawl", output, StringComparison.Ordinal);
        Assert.Contains("trends", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crawl_stores_the_demo_hub_once_and_a_second_run_adds_nothing()
    {
        var (exit, output, _) = await RunAsync("crawl", "--db", DatabasePath, "--demo", TestHub.Folder, "--json");
        Assert.Equal(0, exit);
        using (var first = JsonDocument.Parse(output))
            Assert.Equal(TestHub.ModelCount, first.RootElement.GetProperty("new").GetInt32());

        var (_, again, _) = await RunAsync("crawl", "--db", DatabasePath, "--demo", TestHub.Folder, "--json");
        using var second = JsonDocument.Parse(again);
        Assert.Equal(0, second.RootElement.GetProperty("new").GetInt32());
    }

    [Fact]
    public async Task Trends_prints_the_api_rows_for_a_range()
    {
        await RunAsync("crawl", "--db", DatabasePath, "--demo", TestHub.Folder);
        var (exit, output, _) = await RunAsync("trends", "--db", DatabasePath, "--from", "2025-01", "--to", "2025-03", "--json");

        Assert.Equal(0, exit);
        using var rows = JsonDocument.Parse(output);
        var months = rows.RootElement.GetProperty("months").EnumerateArray().Select(r => (r.GetProperty("month").GetString()!, r.GetProperty("uploads").GetInt32())).ToList();
        var expected = new[] { "2025-01", "2025-02", "2025-03" }
            .Select(m => (m, TestHub.Hub.Repos.Count(r => r.CreatedAt.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) == m)));
        Assert.Equal(expected, months);
        Assert.All(months, m => Assert.True(m.Item2 > 0));
    }

    [Fact]
    public async Task Trends_after_a_crawl_show_what_that_crawl_stored()
    {
        // a first pass, then its newest 2025-06 uploads forgotten: the kept figures count the rest
        const string month = "2025-06";
        await RunAsync("crawl", "--db", DatabasePath, "--demo", TestHub.Folder);
        var forgotten = Forget(month);
        Assert.True(forgotten > 0);
        var expected = TestHub.Hub.Repos.Count(r => r.CreatedAt.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture) == month);
        Assert.Equal(expected - forgotten, await UploadsAsync(month));

        // a crawl stores them again; the next trends must say so without anything else running in between
        await RunAsync("crawl", "--db", DatabasePath, "--demo", TestHub.Folder);
        Assert.Equal(expected, await UploadsAsync(month));
    }

    /// <summary>Deletes half the month's models and the crawl checkpoint, as if a pass had not reached them; returns how many.</summary>
    private int Forget(string month)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var forget = connection.CreateCommand();
        forget.CommandText = """
            CREATE TEMP TABLE Forgotten AS SELECT Id FROM Models WHERE UploadMonth = $month ORDER BY Id LIMIT (SELECT COUNT(*) / 2 FROM Models WHERE UploadMonth = $month);
            DELETE FROM ModelFiles WHERE ModelId IN (SELECT Id FROM Forgotten);
            DELETE FROM Models WHERE Id IN (SELECT Id FROM Forgotten);
            DELETE FROM CrawlCheckpoints;
            DELETE FROM MonthlyStats;
            SELECT COUNT(*) FROM Forgotten;
            """;
        forget.Parameters.AddWithValue("$month", month);
        return Convert.ToInt32(forget.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> UploadsAsync(string month)
    {
        var (exit, output, error) = await RunAsync("trends", "--db", DatabasePath, "--from", month, "--to", month, "--json");
        Assert.True(exit == 0, error);
        using var rows = JsonDocument.Parse(output);
        return rows.RootElement.GetProperty("months").EnumerateArray().Single().GetProperty("uploads").GetInt32();
    }

    [Theory]
    [InlineData("--from", "2024-13")]
    [InlineData("--to", "April")]
    public async Task A_bad_month_is_refused_with_a_reason(string option, string value)
    {
        var (exit, _, error) = await RunAsync("trends", "--db", DatabasePath, option, value);
        Assert.NotEqual(0, exit);
        Assert.Contains("YYYY-MM", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hub_generate_writes_a_hub_that_hub_serve_would_load()
    {
        var folder = Path.Combine(_folder, "hub");
        var (exit, output, _) = await RunAsync("hub", "generate", "--seed", "3", "--scale", "2", "--now", "2026-06-15T00:00:00Z", "--out", folder, "--json");

        Assert.Equal(0, exit);
        using var summary = JsonDocument.Parse(output);
        Assert.True(summary.RootElement.GetProperty("models").GetInt32() > 100);
        Assert.Equal(summary.RootElement.GetProperty("models").GetInt32(), DemoHub.Serving.GeneratedHub.Load(folder).Repos.Count);
        Assert.True(File.Exists(Path.Combine(folder, "truth.json")));
    }

    [Fact]
    public async Task Hub_serve_refuses_a_folder_without_a_hub()
    {
        var (exit, _, error) = await RunAsync("hub", "serve", "--dir", _folder);
        Assert.Equal(1, exit);
        Assert.Contains("hub generate", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crawl_of_a_hub_that_is_down_fails_with_one_line()
    {
        var (exit, _, error) = await RunAsync("crawl", "--db", DatabasePath, "--hub", "http://127.0.0.1:9/");
        Assert.Equal(1, exit);
        Assert.StartsWith("crawl failed:", error, StringComparison.Ordinal);
    }
}
