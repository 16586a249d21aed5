using Microsoft.Extensions.Time.Testing;

namespace HubWatch.Hub.Tests.Http;

/// <summary>
/// A fake clock that also records every wait started on it (Task.Delay, timed cancellation), so a test can move time
/// exactly when the code under test has started waiting, and by exactly the wait it asked for. Nothing here measures
/// real time; the real-time guard only turns a hang into a failure. Move it only while no request is on the wire:
/// an advance also fires the attempt timeout of a request the hub is still answering.
/// </summary>
internal sealed class RecordingClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero))
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _unclaimed = [];
    private TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Recorded(this, base.CreateTimer(callback, state, dueTime, period));
        Started(dueTime);
        return timer;
    }

    /// <summary>A wait starts when a timer is created with a due time, or set to one later (a timed cancellation).</summary>
    private void Started(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
            return;
        TaskCompletionSource created;
        lock (_gate)
        {
            _unclaimed.Add(dueTime);
            (created, _created) = (_created, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        created.TrySetResult();
    }

    private sealed class Recorded(RecordingClock clock, ITimer timer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Started(dueTime);
            return timer.Change(dueTime, period);
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }

    /// <summary>Returns once <paramref name="count"/> new waits of exactly <paramref name="due"/> have started; claims them.</summary>
    public async Task WaitForWaitsAsync(TimeSpan due, int count = 1)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var claimed = 0;
        while (true)
        {
            Task next;
            lock (_gate)
            {
                while (claimed < count && _unclaimed.Remove(due))
                    claimed++;
                if (claimed == count)
                    return;
                next = _created.Task;
            }
            try
            {
                await next.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                    throw new TimeoutException($"{claimed} of {count} waits of {due} started; other waits: {string.Join(", ", _unclaimed)}");
            }
        }
    }

    /// <summary>Once someone waits <paramref name="due"/>, moves the clock exactly that far.</summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan due, int count = 1)
    {
        await WaitForWaitsAsync(due, count);
        Advance(due);
    }
}
