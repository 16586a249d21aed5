using System.Diagnostics;
using HubWatch.DemoHub.Serving;
using HubWatch.Testing;
using Microsoft.Data.Sqlite;

namespace HubWatch.Cli.Tests;

/// <summary>
/// A crawl killed in the middle of its work (the process, not a thread: kill -9), then run again: nothing is
/// duplicated and nothing is lost.
/// </summary>
public sealed class CrashTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-crash-").FullName;
    private DemoHubServer _hub = null!;

    private string DatabasePath => Path.Combine(_folder, "hubwatch.db");

    public async Task InitializeAsync()
    {
        // slow pages, so the kill lands while a page or its cards are being read
        _hub = await DemoHubServer.StartAsync(GeneratedHub.Load(TestHub.Folder), faults: new DemoHubFaults { Delay = TimeSpan.FromMilliseconds(15) });
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_crawl_killed_mid_run_and_run_again_stores_every_model_once_with_its_card()
    {
        using (var crawl = StartCrawlProcess())
        {
            // the listing is a few pages; then come the cards, one or more requests per model
            await WaitUntilAsync(() => _hub.RequestCount > 100, crawl);
            crawl.Kill(entireProcessTree: true);
            await crawl.WaitForExitAsync();
        }
        var (stored, carded) = (Count("SELECT COUNT(*) FROM Models"), Count("SELECT COUNT(*) FROM Models WHERE CardCheckedSha IS NOT NULL"));
        Assert.InRange(stored, 1, TestHub.ModelCount);
        Assert.True(carded < TestHub.ModelCount, $"the kill came too late to interrupt anything ({stored} stored, {carded} with cards)");

        _hub.Faults.Delay = TimeSpan.Zero;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["crawl", "--hub", _hub.BaseUri.AbsoluteUri, "--db", DatabasePath], output, error));

        Assert.Equal(TestHub.ModelCount, Count("SELECT COUNT(*) FROM Models"));
        Assert.Equal(TestHub.ModelCount, Count("SELECT COUNT(DISTINCT Id) FROM Models"));
        Assert.Equal(TestHub.ModelCount, Count("SELECT COUNT(*) FROM Models WHERE CardCheckedSha = Sha"));
        Assert.Equal(TestHub.Hub.Repos.Sum(r => r.Files.Length), Count("SELECT COUNT(*) FROM ModelFiles"));
        Assert.Equal(0, Count("SELECT COUNT(*) FROM CrawlCheckpoints WHERE ResumePage IS NOT NULL"));
    }

    private Process StartCrawlProcess()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "hubwatch.dll");
        return Process.Start(new ProcessStartInfo("dotnet", [cli, "crawl", "--hub", _hub.BaseUri.AbsoluteUri, "--db", DatabasePath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
    }

    private long Count(string sql)
    {
        if (!File.Exists(DatabasePath))
            return 0;
        try
        {
            using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False;Default Timeout=1");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // the schema is not there yet
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Process crawl)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            if (crawl.HasExited)
                Assert.Fail($"the crawl ended before it could be killed: {await crawl.StandardError.ReadToEndAsync()}");
            await Task.Delay(50);
        }
        Assert.True(condition(), "the crawl made too few requests within 30 s");
    }
}
