using System.CommandLine;
using System.Runtime.InteropServices;
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

    /// <summary>Exit code of a verb cut short by SIGTERM or SIGINT (128 + SIGTERM's number, as shells report it); a server stopped by one exits 0.</summary>
    public const int Stopped = 143;

    /// <summary>
    /// Runs a verb until it ends or SIGTERM / SIGINT arrives (what <c>kill</c>, systemd and container runtimes send,
    /// and Ctrl+C). The signal cancels the verb's token: it rolls back or finishes its current transaction and
    /// returns. Handled here, once, because a web host a verb starts (the demo hub) would otherwise take SIGTERM for
    /// itself and leave the verb waiting for ever; a second signal ends the process at once.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext signal)
        {
            if (stop.IsCancellationRequested)
                return; // the second one: default handling ends the process
            signal.Cancel = true;
            stop.Cancel();
        }
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await Build(output).Parse(args).InvokeAsync(configuration, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("Stopped by a signal: what was written is kept, the rest is left for the next run.");
            return Stopped;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"Unhandled exception: {e}");
            return 1;
        }
    }
}
