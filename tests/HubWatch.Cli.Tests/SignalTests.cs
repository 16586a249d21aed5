using System.Diagnostics;
using System.Runtime.InteropServices;
using HubWatch.DemoHub.Serving;
using HubWatch.Testing;
using Microsoft.Data.Sqlite;

namespace HubWatch.Cli.Tests;

/// <summary>
/// Long-running verbs stop on SIGTERM (what kill, systemd and container runtimes send) and on SIGINT (Ctrl+C),
/// within seconds, keeping what they wrote. Each runs as its own process, as a user starts it.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-signal-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    // SIGINT is handled the same way (CliApp.RunAsync), but not tested here: a test run started in the background of
    // a shell without job control (CI) inherits SIGINT ignored, and .NET rightly keeps it so in the child.
    [Theory]
    [InlineData(PosixSignal.SIGTERM)]
    public async Task Hub_serve_stops_serving_and_exits_on_the_signal(PosixSignal signal)
    {
        using var serve = Start("hub", "serve", "--dir", TestHub.Folder, "--port", "0");
        var address = await LineAsync(serve, line => line.Contains(" models at ", StringComparison.Ordinal));
        var uri = new Uri(address[(address.IndexOf("http", StringComparison.Ordinal))..].Trim());
        using var http = new HttpClient();
        Assert.True((await http.GetAsync(new Uri(uri, "api/models?limit=1"))).IsSuccessStatusCode);

        Send(serve, signal);

        Assert.True(await ExitsWithinAsync(serve, TimeSpan.FromSeconds(10)), "hub serve was still running 10 s after the signal");
        Assert.Equal(0, serve.ExitCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(uri, "api/models?limit=1")));
    }

    [Fact]
    public async Task A_crawl_stopped_by_SIGTERM_exits_keeping_whole_pages_and_the_next_run_completes_it()
    {
        await using var hub = await DemoHubServer.StartAsync(GeneratedHub.Load(TestHub.Folder), faults: new DemoHubFaults { Delay = TimeSpan.FromMilliseconds(15) });
        var database = Path.Combine(_folder, "hubwatch.db");
        using var crawl = Start("crawl", "--hub", hub.BaseUri.AbsoluteUri, "--db", database);
        for (var i = 0; i < 600 && hub.RequestCount < 60 && !crawl.HasExited; i++)
            await Task.Delay(50);

        Send(crawl, PosixSignal.SIGTERM);

        Assert.True(await ExitsWithinAsync(crawl, TimeSpan.FromSeconds(10)), "the crawl was still running 10 s after SIGTERM");
        Assert.Equal(CliApp.Stopped, crawl.ExitCode);
        Assert.Contains("Stopped by a signal", await crawl.StandardError.ReadToEndAsync(), StringComparison.Ordinal);
        hub.Faults.Delay = TimeSpan.Zero;
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["crawl", "--hub", hub.BaseUri.AbsoluteUri, "--db", database], output, error));
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT Id), SUM(CardCheckedSha = Sha) FROM Models";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal((TestHub.ModelCount, TestHub.ModelCount, TestHub.ModelCount), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
    }

    private static Process Start(params string[] args)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "hubwatch.dll");
        return Process.Start(new ProcessStartInfo("dotnet", [cli, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    }

    private static async Task<string> LineAsync(Process process, Func<string, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (wanted(line))
                return line;
        }
        Assert.Fail($"the process ended without the line: {await process.StandardError.ReadToEndAsync()}");
        return "";
    }

    private static void Send(Process process, PosixSignal signal)
    {
        using var kill = Process.Start("kill", [signal == PosixSignal.SIGTERM ? "-TERM" : "-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan time)
    {
        using var timeout = new CancellationTokenSource(time);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }
}
