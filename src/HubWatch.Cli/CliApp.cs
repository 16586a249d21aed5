using System.CommandLine;
using HubWatch.Cli.Verbs;

namespace HubWatch.Cli;

/// <summary>The <c>hubwatch</c> command tree. Every verb has --help; verbs a machine reads have --json.</summary>
public static class CliApp
{
    public static RootCommand Build(TextWriter output) => new("HubWatch: where open-weight models really come from.")
    {
        HubVerbs.Build(output),
        CrawlVerb.Build(output),
        TrendsVerb.Build(output),
        FingerprintVerb.Build(output),
        BenchVerbs.Build(output),
        EvalVerb.Build(output),
        ScanVerb.Build(output),
    };

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        Build(output).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
}
