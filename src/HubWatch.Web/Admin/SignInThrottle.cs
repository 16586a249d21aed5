using System.Collections.Concurrent;

namespace HubWatch.Web.Admin;

/// <summary>
/// Failed sign-ins counted per client and in all: after <see cref="PerClient"/> failures from one address within
/// <see cref="Window"/>, that address may not try again until the window has passed since its first failure; after
/// <see cref="InAll"/> failures from anywhere, nobody may (guessing spread over many addresses). A success clears
/// the client's count. The secret is what makes guessing hopeless; this keeps guessing from being cheap.
/// </summary>
internal sealed class SignInThrottle(TimeProvider time)
{
    public const int PerClient = 5;
    public const int InAll = 50;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Failures> _clients = new();
    private readonly Failures _all = new();

    /// <summary>How long <paramref name="client"/> must wait before trying; null when it may try now.</summary>
    public TimeSpan? WaitFor(string client)
    {
        var now = time.GetUtcNow();
        var wait = _clients.TryGetValue(client, out var failures) ? failures.LockedFor(now, PerClient) : null;
        return wait ?? _all.LockedFor(now, InAll);
    }

    public void Failed(string client)
    {
        var now = time.GetUtcNow();
        _clients.GetOrAdd(client, _ => new Failures()).Add(now);
        _all.Add(now);
        if (_clients.Count > 10_000)
            Forget(now); // addresses that stopped failing long ago must not pile up
    }

    public void Succeeded(string client) => _clients.TryRemove(client, out _);

    private void Forget(DateTimeOffset now)
    {
        foreach (var (client, failures) in _clients)
        {
            if (failures.LockedFor(now, 1) is null)
                _clients.TryRemove(client, out _);
        }
    }

    /// <summary>Times of failures within the window, oldest first.</summary>
    private sealed class Failures
    {
        private readonly Queue<DateTimeOffset> _times = new();

        public void Add(DateTimeOffset now)
        {
            lock (_times)
            {
                Drop(now);
                _times.Enqueue(now);
            }
        }

        public TimeSpan? LockedFor(DateTimeOffset now, int limit)
        {
            lock (_times)
            {
                Drop(now);
                return _times.Count >= limit ? _times.Peek() + Window - now : null;
            }
        }

        private void Drop(DateTimeOffset now)
        {
            while (_times.Count > 0 && _times.Peek() + Window <= now)
                _times.Dequeue();
        }
    }
}
