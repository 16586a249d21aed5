using System.CommandLine;
using System.Text.Json;
using HubWatch.Evaluation;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;

namespace HubWatch.Cli.Verbs;

/// <summary>
/// <c>hubwatch eval --hub DIR</c>: the whole pipeline on a generated demo hub — crawl, fingerprint every model, classify
/// — in a temporary database, scored against the hub's truth.json (<see cref="DemoHubEvaluation"/>).
/// </summary>
internal static class EvalVerb
{
    public const int Refused = 2;

    public static Command Build(TextWriter output)
    {
        var hub = new Option<string>("--hub") { Description = "Folder of a generated demo hub (hub.json and truth.json, from `hubwatch hub generate`)", Required = true, HelpName = "DIR" };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file", HelpName = "FILE" };
        var command = new Command("eval", "Crawl, fingerprint and classify a generated demo hub, and score the verdicts against its truth.json") { hub, json };
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var folder = parse.GetValue(hub)!;
            if (!DemoHubs.Holds(folder, withTruth: true))
            {
                await error.WriteLineAsync($"refused: {folder} holds no generated hub (hub.json and truth.json); run `hubwatch hub generate --out {folder}` first.");
                return Refused;
            }
            try
            {
                await using var server = await DemoHubs.StartAsync(folder, ct, generate: false);
                var report = await DemoHubEvaluation.RunAsync(server, error, ct);
                await output.WriteLineAsync(report.ToTable());
                if (parse.GetValue(json) is { } file)
                    await File.WriteAllTextAsync(file, report.ToJson(), ct);
                return 0;
            }
            catch (Exception e) when (e is HubRequestException or HttpRequestException or HubUnavailableException or JsonException or InvalidDataException)
            {
                await error.WriteLineAsync($"eval failed: {e.Message.ReplaceLineEndings(" ")}");
                return 1;
            }
        });
        return command;
    }
}
