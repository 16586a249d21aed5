namespace HubWatch.Hub.Tests.Http;

/// <summary>Turns a hang into a failure. Not a timing assertion: nothing checks how fast anything was.</summary>
internal static class Guard
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static Task<T> Settled<T>(this Task<T> task) => task.WaitAsync(HangGuard);

    public static Task Settled(this Task task) => task.WaitAsync(HangGuard);
}
