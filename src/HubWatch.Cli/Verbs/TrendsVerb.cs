using System.CommandLine;
using System.Text.Json;
using HubWatch.Application;
using HubWatch.Application.Trends;
using HubWatch.Domain.Time;
using HubWatch.Hub;
using HubWatch.Hub.Api;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Cli.Verbs;

/// <summary><c>hubwatch trends</c>: the monthly series, the same rows as <c>GET /api/trends</c>.</summary>
internal static class TrendsVerb
{
    public static Command Build(TextWriter output)
    {
        var from = new Option<string?>("--from") { Description = "First month, YYYY-MM" };
        var to = new Option<string?>("--to") { Description = "Last month, YYYY-MM" };
        var database = CliOptions.Database();
        var json = CliOptions.Json();
        var trends = new Command("trends", "Monthly uploads from the database") { from, to, database, json };
        trends.Validators.Add(result =>
        {
            foreach (var option in new[] { from, to })
            {
                if (result.GetValue(option) is { } text && !YearMonth.TryParse(text, out _))
                    result.AddError($"{option.Name} must be a month in the form YYYY-MM, not '{text}'.");
            }
        });
        trends.SetAction(async (parse, ct) =>
        {
            await using var services = await StandaloneServices.OpenAsync(parse.GetValue(database)!, HubSource.Demo(), ct);
            var first = parse.GetValue(from) is { } f ? YearMonth.Parse(f) : (YearMonth?)null;
            var last = parse.GetValue(to) is { } t ? YearMonth.Parse(t) : (YearMonth?)null;
            if (first > last)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"--from ({first}) is after --to ({last}).");
                return 1;
            }
            var series = await services.GetRequiredService<TrendsService>().MonthlyAsync(first, last, ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(series, HubClient.Json));
                return 0;
            }
            await output.WriteLineAsync("month     uploads  provenance  mergekit  fingerprinted  merges  finetunes  independent  undeclared  licence");
            foreach (var row in series.Months.Prepend(series.BeforeTracking))
                await output.WriteLineAsync($"{row.Month,-14}{row.Uploads,7}{row.DeclaredProvenance,12}{row.DeclaredMergekit,10}{row.Fingerprinted,15}" +
                    $"{row.DetectedMerges,8}{row.DetectedFinetunes,11}{row.VerifiedIndependent,13}{row.UndeclaredDerivatives,12}{row.LicenseConflicts,9}");
            return 0;
        });
        return trends;
    }
}
