namespace HubWatch.Hub.Http;

/// <summary>
/// Bounds one attempt's wait for response headers. It must sit inside the budget handler (a budget wait is not a
/// slow hub) and exist at all because inside a handler HttpClient's own timeout is indistinguishable from the caller
/// cancelling; this one turns into an <see cref="HttpRequestException"/> the retry handler repeats.
/// </summary>
public sealed class HubAttemptTimeoutHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
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
