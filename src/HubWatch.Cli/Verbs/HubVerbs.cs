using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Serving;

namespace HubWatch.Cli.Verbs;

/// <summary><c>hubwatch hub generate | serve</c>: the demo hub, for HubWatch or any client of the Hugging Face API.</summary>
internal static class HubVerbs
{
    public static Command Build(TextWriter output) => new("hub", "The demo hub: a synthetic model ecosystem with ground truth")
    {
        Generate(output),
        Serve(output),
    };

    private static Command Generate(TextWriter output)
    {
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed and --now give the same hub", DefaultValueFactory = _ => HubGenerator.DefaultSeed };
        var folder = new Option<string>("--out") { Description = "Folder to write hub.json, truth.json and repos/ into", Required = true };
        var scale = new Option<int?>("--scale") { Description = $"default: uploads in the first months (×7 by the end; {HubGenerator.DefaultScale} gives about 2,600 models); realistic: models per hard case ({HubGenerator.DefaultRealisticScale})" };
        var scenario = new Option<string>("--scenario") { Description = "default (the monthly ecosystem) or realistic (the Hub's hard cases at real widths)", DefaultValueFactory = _ => HubGenerator.DefaultScenario };
        scenario.AcceptOnlyFromAmong(HubGenerator.DefaultScenario, HubGenerator.RealisticScenario);
        var now = new Option<string?>("--now") { Description = "The generator's now, ISO 8601 (default: the current time)" };
        var json = CliOptions.Json();
        var generate = new Command("generate", "Generate a demo hub (deterministic for a seed and a now)") { seed, folder, scale, scenario, now, json };
        scale.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1 or > 1000)
                result.AddError("--scale must be between 1 and 1000.");
        });
        now.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                result.AddError($"--now must be an ISO 8601 time such as 2026-11-20T12:00:00Z, not '{text}'.");
        });
        generate.SetAction(parse =>
        {
            var instant = parse.GetValue(now) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : DateTimeOffset.UtcNow;
            var chosen = parse.GetValue(scenario)!;
            var size = parse.GetValue(scale) ?? (chosen == HubGenerator.RealisticScenario ? HubGenerator.DefaultRealisticScale : HubGenerator.DefaultScale);
            var summary = HubGenerator.Generate(parse.GetValue(seed), instant, parse.GetValue(folder)!, size, chosen);
            output.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(summary, CliOptions.JsonOutput)
                : $"{summary.Models} models over {summary.Months} months ({summary.VirtualGiants} virtual 70B giants) in {Path.GetFullPath(summary.Folder)}");
            return 0;
        });
        return generate;
    }

    private static Command Serve(TextWriter output)
    {
        var folder = new Option<string>("--dir") { Description = "A folder written by `hub generate`", Required = true };
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (0: any free port)", DefaultValueFactory = _ => 5081 };
        var rateLimit = new Option<int>("--rate-limit") { Description = "Fault: API requests allowed per 5 minutes (0: unlimited)" };
        var errorRate = new Option<double>("--error-rate") { Description = "Fault: share of API requests answered 500/502/503" };
        var delay = new Option<int>("--delay-ms") { Description = "Fault: delay before every response, in milliseconds" };
        var truncate = new Option<double>("--truncate-rate") { Description = "Fault: share of JSON bodies cut in the middle" };
        var malformed = new Option<double>("--malformed-rate") { Description = "Fault: share of list elements with a malformed field" };
        var ignoreRange = new Option<bool>("--ignore-range") { Description = "Fault: send whole files with 200 whatever the Range header" };
        var serve = new Command("serve", "Serve a generated demo hub over HTTP in the Hugging Face API shape until stopped")
        {
            folder, port, rateLimit, errorRate, delay, truncate, malformed, ignoreRange,
        };
        serve.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(folder)!;
            if (!DemoHubs.Holds(path))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{path} holds no generated hub (hub.json); run `hubwatch hub generate --out {path}` first.");
                return 1;
            }
            var faults = new DemoHubFaults
            {
                RateLimit = parse.GetValue(rateLimit),
                ServerErrorRate = parse.GetValue(errorRate),
                Delay = TimeSpan.FromMilliseconds(parse.GetValue(delay)),
                TruncateRate = parse.GetValue(truncate),
                MalformedElementRate = parse.GetValue(malformed),
                IgnoreRange = parse.GetValue(ignoreRange),
            };
            await using var server = await DemoHubs.StartAsync(path, ct, generate: false, parse.GetValue(port), faults);
            await output.WriteLineAsync($"{server.Hub.Repos.Count} models at {server.BaseUri}{(faults.Any ? " (faults on)" : "")}");
            await output.WriteLineAsync("Press Ctrl+C (or send SIGTERM) to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: a server's normal end
            }
            return 0;
        });
        return serve;
    }
}
