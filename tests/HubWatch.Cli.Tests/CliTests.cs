using System.Text.Json;
using HubWatch.Testing;

namespace HubWatch.Cli.Tests;

/// <summary>The <c>hubwatch</c> verbs run in-process over a real SQLite file and the embedded demo hub.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hubwatch-cli-").FullName;

    private string DatabasePath => Path.Combine(_folder, "hubwatch.db");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

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
        var (exit, output, _) = await RunAsync("crawl", "--db", DatabasePath, "--json");
        Assert.Equal(0, exit);
        using (var first = JsonDocument.Parse(output))
            Assert.Equal(RecordedHub.ModelCount, first.RootElement.GetProperty("new").GetInt32());

        var (_, again, _) = await RunAsync("crawl", "--db", DatabasePath, "--json");
        using var second = JsonDocument.Parse(again);
        Assert.Equal(0, second.RootElement.GetProperty("new").GetInt32());
    }

    [Fact]
    public async Task Trends_prints_the_api_rows_for_a_range()
    {
        await RunAsync("crawl", "--db", DatabasePath);
        var (exit, output, _) = await RunAsync("trends", "--db", DatabasePath, "--from", "2024-03", "--to", "2024-05", "--json");

        Assert.Equal(0, exit);
        using var rows = JsonDocument.Parse(output);
        var months = rows.RootElement.EnumerateArray().Select(r => (r.GetProperty("month").GetString(), r.GetProperty("uploads").GetInt32()));
        // 2024-04: Meta-Llama-3-8B-Instruct, Meta-Llama-3-70B-Instruct and zephyr-orpo-141b (recorded createdAt)
        Assert.Equal([("2024-03", 0), ("2024-04", 3), ("2024-05", 0)], months);
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
    public async Task Crawl_of_a_hub_that_is_down_fails_with_one_line()
    {
        var (exit, _, error) = await RunAsync("crawl", "--db", DatabasePath, "--hub", "http://127.0.0.1:9/");
        Assert.Equal(1, exit);
        Assert.StartsWith("crawl failed:", error, StringComparison.Ordinal);
    }
}
