using Polly;

namespace HubWatch.Hub.Http;

/// <summary>Runs one request through a Polly pipeline from inside a <see cref="DelegatingHandler"/>, the request at hand in its context.</summary>
internal static class HubPipeline
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("HubWatch.Request");

    public static async Task<HttpResponseMessage> SendAsync(ResiliencePipeline<HttpResponseMessage> pipeline, HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await pipeline.ExecuteAsync(async (inner, state) => await state.send(state.request, inner.CancellationToken), context, (send, request));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The request a strategy's callback is about.</summary>
    public static HttpRequestMessage RequestOf(ResilienceContext context) =>
        context.Properties.TryGetValue(RequestKey, out var request) ? request : throw new InvalidOperationException("A hub pipeline ran without its request.");

    /// <summary>Whether an attempt's or a request's outcome says the hub is struggling (not: this request is wrong, or nobody waits).</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken ct) => outcome.Exception is { } e
        ? HubTransientFailures.IsTransient(e, ct)
        : HubTransientFailures.IsTransient(outcome.Result!.StatusCode);
}
