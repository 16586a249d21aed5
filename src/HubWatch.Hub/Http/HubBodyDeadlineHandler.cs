namespace HubWatch.Hub.Http;

/// <summary>
/// Bounds the body of every answer: it must arrive whole within <see cref="HubHttpOptions.BodyTimeout"/> of its
/// headers (<see cref="HubBodyDeadline"/>), or the reader gets an <see cref="IOException"/>. The headers have their
/// own timeout, per attempt (<see cref="HubRetryHandler"/>).
/// </summary>
public sealed class HubBodyDeadlineHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (hub.BodyTimeout != Timeout.InfiniteTimeSpan)
        {
            var uri = HubTransientFailures.UriOf(request);
            response.Content = new HubBodyDeadline(response.Content, hub.BodyTimeout, hub.Time, $"{uri.Authority}{uri.AbsolutePath}");
        }
        return response;
    }
}
