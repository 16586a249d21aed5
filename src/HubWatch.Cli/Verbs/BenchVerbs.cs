using System.CommandLine;
using System.Text.Json;
using HubWatch.Evaluation.Benchmarks;
using Microsoft.Data.Sqlite;

namespace HubWatch.Cli.Verbs;

/// <summary>
/// <c>hubwatch bench …</c>: speed and memory as ratios against a baseline measured in the same run, on this machine
/// (the measurements are <see cref="HubWatch.Evaluation.Benchmarks"/>).
/// </summary>
internal static class BenchVerbs
{
    public static Command Build(TextWriter output) => new("bench", "Benchmarks, each against a baseline run in the same process")
    {
        Crawl(output),
        Fingerprint(output),
        Dashboard(output),
        Load(output),
    };

    private static Command Load(TextWriter output)
    {
        var url = new Option<string>("--url") { Description = "The running dashboard, on a loopback address", Required = true };
        url.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } text && (Uri.TryCreate(text, UriKind.Absolute, out var u) ? LoadBench.WhyNot(u) : "--url must be an absolute URL") is { } why)
                r.AddError(why);
        });
        var clients = new Option<int>("--clients") { Description = "Concurrent clients", DefaultValueFactory = _ => 10 };
        clients.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > LoadBench.MaxClients) r.AddError($"--clients must be between 1 and {LoadBench.MaxClients}"); });
        var seconds = new Option<int>("--seconds") { Description = "How long to load it", DefaultValueFactory = _ => 10 };
        seconds.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > LoadBench.MaxSeconds) r.AddError($"--seconds must be between 1 and {LoadBench.MaxSeconds}"); });
        var json = CliOptions.Json();
        var command = new Command("load", "p50 / p99 latency and errors of the landing page, APIs, a model page and a chart under N clients, as ratios to /healthz") { url, clients, seconds, json };
        command.SetAction(async (parse, ct) =>
        {
            var result = await LoadBench.RunAsync(new Uri(parse.GetValue(url)!), parse.GetValue(clients), TimeSpan.FromSeconds(parse.GetValue(seconds)), ct);
            await output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(result, CliOptions.JsonOutput) : result.ToTable());
            return 0;
        });
        return command;
    }

    private static Command Crawl(TextWriter output)
    {
        var demo = DemoHubs.FolderOption();
        var json = CliOptions.Json();
        var command = new Command("crawl", "Models ingested per second from a local demo hub (budget off), against merely reading the same pages and files") { demo, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var server = await DemoHubs.StartAsync(parse.GetValue(demo)!, ct);
            var result = await CrawlBench.RunAsync(server, ct);
            await output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(result, CliOptions.JsonOutput) : result.ToTable());
            return 0;
        });
        return command;
    }

    private static Command Fingerprint(TextWriter output)
    {
        var demo = DemoHubs.FolderOption();
        var stored = new Option<int>("--stored") { Description = "Stored fingerprints to compare against", DefaultValueFactory = _ => 256 };
        stored.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--stored must be between 1 and 100000"); });
        var json = CliOptions.Json();
        var command = new Command("fingerprint", "Bytes read to fingerprint the 70B giant, and comparisons per second against a memory scan") { demo, stored, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var server = await DemoHubs.StartAsync(parse.GetValue(demo)!, ct);
            var result = await FingerprintBench.RunAsync(server, parse.GetValue(stored), ct);
            await output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(result, CliOptions.JsonOutput) : result.ToTable());
            return 0;
        });
        return command;
    }

    private static Command Dashboard(TextWriter output)
    {
        var models = new Option<int>("--models") { Description = "Models to seed", DefaultValueFactory = _ => 2_000_000 };
        models.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 100 or > 20_000_000) r.AddError("--models must be between 100 and 20000000"); });
        var database = new Option<string?>("--db") { Description = "SQLite file to seed, or reuse when it holds --models models (default: a temporary file, deleted after)" };
        var requests = new Option<int>("--requests") { Description = "Timed requests per endpoint, after warm-up", DefaultValueFactory = _ => 30 };
        requests.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 10_000) r.AddError("--requests must be between 1 and 10000"); });
        var web = new Option<string?>("--web")
        {
            Description = $"Folder of the published dashboard ({DashboardProcess.Assembly}); default: ${DashboardProcess.PublishDirVariable}, else artifacts/publish (published when missing)",
            HelpName = "DIR",
        };
        var json = CliOptions.Json();
        var command = new Command("dashboard", "Seeds N models; monthly figures full vs incremental; page and API latency as a ratio to /healthz") { models, database, requests, web, json };
        command.SetAction(async (parse, ct) =>
        {
            var dashboard = await DashboardProcess.LocateAsync(parse.GetValue(web), parse.InvocationConfiguration.Error, ct);
            var path = parse.GetValue(database);
            var folder = path is null ? Directory.CreateTempSubdirectory("hubwatch-bench-").FullName : null;
            try
            {
                var result = await DashboardBench.RunAsync(Path.GetFullPath(path ?? Path.Combine(folder!, "dashboard.db")), parse.GetValue(models), parse.GetValue(requests), dashboard, ct);
                await output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(result, CliOptions.JsonOutput) : result.ToTable());
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                if (folder is not null)
                    Directory.Delete(folder, recursive: true);
            }
            return 0;
        });
        return command;
    }
}
