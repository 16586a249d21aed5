using System.CommandLine;
using HubWatch.Hub.DemoHub;

namespace HubWatch.Cli.Verbs;

/// <summary><c>hubwatch hub serve</c>: the demo hub on a port of this machine, for HubWatch or any HF client.</summary>
internal static class HubVerbs
{
    public static Command Build(TextWriter output)
    {
        var port = new Option<int>("--port") { Description = "Loopback port to listen on (0: any free port)", DefaultValueFactory = _ => 5081 };
        var serve = new Command("serve", "Serve the demo hub over HTTP in the Hugging Face API shape until stopped") { port };
        serve.SetAction(async (parse, ct) =>
        {
            await using var server = await DemoHubServer.StartAsync(DemoHubCatalog.Recorded(), parse.GetValue(port), ct);
            await output.WriteLineAsync($"{server.Catalog.Description}: {server.Catalog.Models.Count} models at {server.BaseUri}");
            await output.WriteLineAsync("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C
            }
            return 0;
        });
        return new Command("hub", "The demo hub") { serve };
    }
}
