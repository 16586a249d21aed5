using System.Net;
using Polly;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace HubWatch.Hub.Http;

/// <summary>
/// Each attempt of a request, through Polly: retries of GET and HEAD without a body after 5xx, timeouts and
/// connection failures (exponential backoff with jitter) and after 429 (the wait the hub asked for, capped); then the
/// request budget, so every attempt, retries too, spends budget and waits for it; then the attempt's timeout for its
/// response headers (inside the budget: waiting for budget is not a slow hub). Other methods are sent once: their
/// body may already be consumed, and repeating them may not be safe.
/// </summary>
public sealed class HubRetryHandler(HubResilience hub) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await HubPipeline.SendAsync(hub.Attempts, request, base.SendAsync, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            // what the readers and the breaker already know as a failed attempt: an HttpRequestException
            var uri = HubTransientFailures.UriOf(request);
            throw new HttpRequestException(
                $"{uri.Authority} sent no response headers to {request.Method} {uri.AbsolutePath} within {hub.Retry.AttemptTimeout.TotalSeconds:0.###} s",
                new TimeoutException(e.Message, e));
        }
    }

    /// <summary>The pipeline every attempt goes through; built once per hub by <see cref="HubResilience"/>.</summary>
    internal static ResiliencePipeline<HttpResponseMessage> Build(HubResilience hub, HubHttpOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = hub.Time };
        if (options.Retry.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.Retry.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.Retry.Jitter,
                Delay = options.Retry.BaseDelay,
                MaxDelay = options.Retry.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsRepeatable(HubPipeline.RequestOf(args.Context)) && ShouldRepeat(args.Outcome, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited ? hub.RetryAfter(limited) : null),
                OnRetry = _ =>
                {
                    hub.Traffic.Retried();
                    return ValueTask.CompletedTask;
                },
            });
        }
        if (hub.Budget.Enabled)
        {
            builder.AddRateLimiter(new RateLimiterStrategyOptions
            {
                RateLimiter = args => hub.Budget.AcquireAsync(HubRequestBudget.KindOf(HubTransientFailures.UriOf(HubPipeline.RequestOf(args.Context))), args.Context.CancellationToken),
            });
        }
        if (options.Retry.AttemptTimeout != Timeout.InfiniteTimeSpan)
            builder.AddTimeout(options.Retry.AttemptTimeout);
        return builder.Build();
    }

    private static bool IsRepeatable(HttpRequestMessage request) =>
        (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head) && request.Content is null;

    private static bool ShouldRepeat(Outcome<HttpResponseMessage> outcome, CancellationToken ct) =>
        outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } || HubPipeline.IsTransient(outcome, ct);
}
