using System.Net;

namespace HubWatch.Hub.Http;

/// <summary>Running counters of every request to one hub; lock-free, read with <see cref="Snapshot"/>.</summary>
public sealed class HubTraffic
{
    private long _requests;
    private long _retries;
    private long _rateLimited;
    private long _serverErrors;
    private long _unanswered;
    private long _rejected;
    private long _bytesReceived;

    public HubTrafficSnapshot Snapshot() => new(
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _retries),
        Interlocked.Read(ref _rateLimited),
        Interlocked.Read(ref _serverErrors),
        Interlocked.Read(ref _unanswered),
        Interlocked.Read(ref _rejected),
        Interlocked.Read(ref _bytesReceived));

    internal void Answered(HttpRequestMessage request, HttpResponseMessage response)
    {
        Interlocked.Increment(ref _requests);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            Interlocked.Increment(ref _rateLimited);
        else if ((int)response.StatusCode >= 500)
            Interlocked.Increment(ref _serverErrors);
        // A HEAD response's Content-Length describes the file, not bytes that came over the wire.
        if (request.Method != HttpMethod.Head && response.Content.Headers.ContentLength is { } length && length > 0)
            Interlocked.Add(ref _bytesReceived, length);
    }

    internal void Unanswered()
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _unanswered);
    }

    internal void Retried() => Interlocked.Increment(ref _retries);

    internal void Rejected() => Interlocked.Increment(ref _rejected);
}
