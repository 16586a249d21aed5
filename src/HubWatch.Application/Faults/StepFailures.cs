using HubWatch.Formats.Reading;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;

namespace HubWatch.Application.Faults;

/// <summary>
/// How a step for one model (its card, its weights) treats an exception: stop the whole run, refuse the model for
/// this commit, or count a failure and try again later. One bad model must never stop a run.
/// </summary>
internal static class StepFailures
{
    /// <summary>The run itself must stop: it was cancelled, or the hub is down (the breaker is open) for every model.</summary>
    public static bool StopsTheRun(Exception e, CancellationToken ct) =>
        e is OperationCanceledException && ct.IsCancellationRequested || e is HubUnavailableException;

    /// <summary>
    /// What the hub sent breaks a rule for good (too large, malformed, forbidden, a file that breaks its format):
    /// asking again for the same commit would get the same answer. A connection refused for where it leads arrives
    /// wrapped by the sockets handler.
    /// </summary>
    public static bool IsPermanent(Exception e) =>
        e is HubRequestException { Permanent: true } or HttpRequestException { InnerException: HubRequestException { Permanent: true } }
            or InvalidModelFileException or ByteBudgetExceededException or FormatException;

    /// <summary>One line, short enough to show in a table: the type too when it is not one HubWatch raises on purpose.</summary>
    public static string Reason(Exception e)
    {
        var known = e is HubRequestException or HttpRequestException or IOException or TimeoutException or InvalidModelFileException
            or ByteBudgetExceededException or FormatException;
        var text = (known ? e.Message : $"{e.GetType().Name}: {e.Message}").ReplaceLineEndings(" ");
        return text.Length <= MaxReason ? text : text[..(MaxReason - 1)] + "…";
    }

    public const int MaxReason = 500;
}
