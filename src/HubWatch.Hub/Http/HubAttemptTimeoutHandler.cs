namespace HubWatch.Hub.Http;

/// <summary>
/// Bounds one attempt: its response headers within <see cref="HubRetryOptions.AttemptTimeout"/>, then its whole
/// body within <see cref="HubHttpOptions.BodyTimeout"/> of the headers. It must sit inside the budget handler (a
/// budget wait is not a slow hub) and exist at all because inside a handler HttpClient's own timeout is
/// indistinguishable from the caller cancelling; a header timeout turns into an <see cref="HttpRequestException"/>
/// the retry handler repeats, a body timeout into an <see cref="IOException"/> for the reader.
/// </summary>
public sealed class HubAttemptTimeoutHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await HeadersAsync(request, cancellationToken);
        if (hub.BodyTimeout != Timeout.InfiniteTimeSpan)
        {
            var uri = HubTransientFailures.UriOf(request);
            response.Content = new HubBodyDeadline(response.Content, hub.BodyTimeout, hub.Time, $"{uri.Authority}{uri.AbsolutePath}");
        }
        return response;
    }

    private async Task<HttpResponseMessage> HeadersAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var timeout = hub.Retry.AttemptTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
            return await base.SendAsync(request, cancellationToken);

        using var timer = new CancellationTokenSource(timeout, hub.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await base.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var uri = HubTransientFailures.UriOf(request);
            throw new HttpRequestException(
                $"{uri.Authority} sent no response headers to {request.Method} {uri.AbsolutePath} within {timeout.TotalSeconds:0.###} s",
                new TimeoutException(e.Message, e));
        }
    }
}
