namespace HubWatch.Hub.Tests.Http;

/// <summary>
/// Placed under HubWatch's handlers, directly above the socket: records what really goes to the network (so "fail
/// fast" can be checked as "the hub saw nothing") and the Authorization header each request carried.
/// </summary>
internal sealed class WireRecorder(WireLog log) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        log.Add(new WireRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        return base.SendAsync(request, cancellationToken);
    }
}

internal sealed record WireRequest(HttpMethod Method, Uri Uri, string? Authorization);

/// <summary>Outlives handler instances: IHttpClientFactory creates a fresh recorder per handler chain.</summary>
internal sealed class WireLog
{
    private readonly Lock _gate = new();
    private readonly List<WireRequest> _requests = [];

    public int Count
    {
        get
        {
            lock (_gate)
                return _requests.Count;
        }
    }

    public IReadOnlyList<WireRequest> Requests
    {
        get
        {
            lock (_gate)
                return [.. _requests];
        }
    }

    public void Add(WireRequest request)
    {
        lock (_gate)
            _requests.Add(request);
    }
}
