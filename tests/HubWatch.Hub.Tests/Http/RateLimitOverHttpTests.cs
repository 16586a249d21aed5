using System.Net;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;

namespace HubWatch.Hub.Tests.Http;

/// <summary>The demo hub's 429 windows (Retry-After and RateLimit headers), waited out on the shared fake clock.</summary>
public sealed class RateLimitOverHttpTests
{
    [Fact]
    public async Task A_429_is_waited_out_as_asked_and_meanwhile_the_budget_holds_other_requests_back()
    {
        await using var hub = await HubUnderTest.StartAsync();
        hub.Faults.RateLimit = 2; // per 5 minutes, on the same clock
        var window = hub.Faults.RateLimitWindow;
        for (var i = 0; i < 2; i++)
            Assert.NotNull(await hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());
        var limitedAt = hub.Clock.GetUtcNow();

        var limited = hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None);
        await hub.Clock.WaitForWaitsAsync(window); // the hub said Retry-After: 300 after the third request
        Assert.Equal(1, hub.Traffic.RateLimited);

        var queued = hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None);
        await hub.Clock.WaitForWaitsAsync(window); // held by the budget, not sent: it is spent until limitedAt + window
        Assert.Equal(limitedAt, hub.Clock.GetUtcNow());
        Assert.Equal(3, hub.Wire.Count);
        Assert.False(limited.IsCompleted);
        Assert.False(queued.IsCompleted);

        hub.Clock.Advance(window);
        Assert.NotNull(await limited.Settled());
        Assert.NotNull(await queued.Settled());
        Assert.Equal(5, hub.Wire.Count);
        Assert.Equal(1, hub.Traffic.Retries);
        Assert.Equal(1, hub.Traffic.RateLimited);
        Assert.Equal(0, hub.Health.ConsecutiveFailures); // a 429 is the hub answering, not failing
    }

    [Fact]
    public async Task A_storm_of_429s_is_waited_out_one_window_at_a_time()
    {
        await using var hub = await HubUnderTest.StartAsync(o => o.Budget.Enabled = false);
        hub.Faults.RateLimit = 1;
        var window = hub.Faults.RateLimitWindow;
        Assert.NotNull(await hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());

        // Without a client budget both requests reach the hub and both get 429; after the window only one fits.
        var first = hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None);
        var second = hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None);
        await hub.Clock.AdvanceWhenWaitingAsync(window, count: 2);
        // Only move the clock with nothing on the wire: it would also fire the winner's attempt timeout.
        await Task.WhenAny(first, second).Settled();
        await hub.Clock.AdvanceWhenWaitingAsync(window);

        Assert.NotNull(await first.Settled());
        Assert.NotNull(await second.Settled());
        Assert.Equal(3, hub.Traffic.RateLimited);
        Assert.Equal(3, hub.Traffic.Retries);
        Assert.Equal(6, hub.Wire.Count);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_maximum_is_waited_only_the_maximum_and_a_final_429_reaches_the_caller()
    {
        var cap = TimeSpan.FromMinutes(5);
        await using var hub = await HubUnderTest.StartAsync(o => (o.MaxRetryAfter, o.Retry.MaxAttempts) = (cap, 2));
        (hub.Faults.RateLimit, hub.Faults.RateLimitWindow) = (1, TimeSpan.FromHours(1));
        Assert.NotNull(await hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());

        var limited = hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None);
        await hub.Clock.AdvanceWhenWaitingAsync(cap); // not the hour the hub asked for

        var error = await Assert.ThrowsAsync<HubRequestException>(() => limited.Settled());
        Assert.Equal(HttpStatusCode.TooManyRequests, error.Status);
        Assert.Equal(2, hub.Traffic.RateLimited);
        var next = hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None);
        await hub.Clock.WaitForWaitsAsync(cap); // the budget holds the next request back for the capped wait, not the hour
        Assert.False(next.IsCompleted);
        Assert.Equal(HubCircuitState.Closed, hub.Health.State);
        Assert.Equal(0, hub.Health.ConsecutiveFailures);
    }
}
