using System.CommandLine;
using System.Text.Json;
using HubWatch.Application;
using HubWatch.Application.Crawling;
using HubWatch.Hub;
using HubWatch.Hub.Api;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Cli.Verbs;

/// <summary><c>hubwatch crawl</c>: one crawl run into a database, against a hub URL or the embedded demo hub.</summary>
internal static class CrawlVerb
{
    public static Command Build(TextWriter output)
    {
        var hub = new Option<string?>("--hub") { Description = "Hub root, e.g. https://huggingface.co (token from HF_TOKEN); default: the demo hub in --demo" };
        var demoFolder = DemoHubs.FolderOption("Demo hub folder, generated there when missing (used without --hub)");
        hub.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                result.AddError($"--hub must be an http(s) URL such as https://huggingface.co, not '{text}'.");
        });
        var database = CliOptions.Database();
        var json = CliOptions.Json();
        var crawl = new Command("crawl", "Read new models from a hub into the database (one run of the crawl job)") { hub, demoFolder, database, json };
        crawl.SetAction(async (parse, ct) =>
        {
            await using var demo = parse.GetValue(hub) is null
                ? await DemoHubs.StartAsync(parse.GetValue(demoFolder)!, ct)
                : null;
            var source = demo is null
                ? HubSource.Configured(new Uri(parse.GetValue(hub)!), Environment.GetEnvironmentVariable(HubOptions.TokenVariable))
                : HubSource.RunningDemo(demo.BaseUri, demo.Hub.Description);
            await using var services = await StandaloneServices.OpenAsync(parse.GetValue(database)!, source, ct);
            CrawlResult result;
            try
            {
                result = await services.GetRequiredService<CrawlService>().RunAsync(ct);
            }
            catch (Exception e) when (e is HubRequestException or HttpRequestException or HubWatch.Hub.Http.HubUnavailableException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"crawl failed: {e.Message}");
                return 1;
            }
            await output.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(result, CliOptions.JsonOutput)
                : $"{source.DisplayName}: {result.New} new, {result.Updated} updated, {result.Failed} failed in {result.Requests} requests" +
                  (result.PassCompleted ? "" : " (pass not finished; the next run resumes)"));
            return result.Failed > 0 ? 2 : 0;
        });
        return crawl;
    }
}
