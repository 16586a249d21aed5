using System.Diagnostics;
using System.Globalization;

namespace HubWatch.Application.Scheduling;

/// <summary>Which process a job run belongs to (<c>machine/pid</c>), and whether that process is still there.</summary>
public static class RunOwner
{
    public static string Current { get; } = Of(Environment.MachineName, Environment.ProcessId);

    public static string Of(string machine, int processId) => $"{machine}/{processId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Whether the run's process has ended. A process on another machine cannot be looked at, so it is taken to be
    /// alive; a run without an owner was written before owners were recorded, by a process that has since stopped.
    /// </summary>
    public static bool IsGone(string? owner, DateTime runStartedAt)
    {
        if (owner is null)
            return true;
        var slash = owner.LastIndexOf('/');
        if (slash < 0 || owner[..slash] != Environment.MachineName)
            return false;
        if (!int.TryParse(owner.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            // A pid is reused: a process that started after the run cannot have started it (in a container every
            // start is pid 1). A second of slack covers clock granularity.
            return process.HasExited || process.StartTime.ToUniversalTime() > runStartedAt.AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true; // it exited while being looked at
        }
    }
}
