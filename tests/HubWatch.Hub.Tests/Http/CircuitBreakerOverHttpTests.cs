using System.Globalization;
using System.Net;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;

namespace HubWatch.Hub.Tests.Http;

/// <summary>The breaker against a demo hub that keeps answering 503, over real HTTP.</summary>
public sealed class CircuitBreakerOverHttpTests
{
    private static readonly TimeSpan CoolDown = TimeSpan.FromMinutes(2);

    private static Task<HubUnderTest> StartAsync(int threshold) => HubUnderTest.StartAsync(o =>
    {
        o.Retry.MaxAttempts = 1; // each request is one attempt, so the story stays short
        o.Breaker.FailureThreshold = threshold;
        o.Breaker.CoolDown = CoolDown;
    });

    [Fact]
    public async Task Opens_after_the_threshold_then_fails_fast_offline_then_one_trial_closes_it()
    {
        await using var hub = await StartAsync(threshold: 2);
        hub.Faults.ServerErrorBurst = 100;

        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAsync<HubRequestException>(() => hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());
        var openedAt = hub.Clock.GetUtcNow();
        Assert.Equal(HubCircuitState.Open, hub.Health.State);
        Assert.Equal(openedAt, hub.Health.OpenedAt);
        Assert.Equal(openedAt + CoolDown, hub.Health.RetryAt);
        Assert.Equal(2, hub.Health.ConsecutiveFailures);
        Assert.Contains("503", hub.Health.LastError, StringComparison.Ordinal);
        Assert.Contains("paused until", hub.Health.Current.Describe(), StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<HubUnavailableException>(() => hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());
        Assert.Equal(2, hub.Wire.Count); // the hub never saw the refused request
        Assert.Equal(1, hub.Traffic.Rejected);
        Assert.Equal(hub.Server.BaseUri.Authority, refused.Host);
        Assert.Contains(hub.Server.BaseUri.Authority, refused.Message, StringComparison.Ordinal);
        Assert.Contains((openedAt + CoolDown).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);

        hub.Clock.Advance(CoolDown - TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<HubUnavailableException>(() => hub.GetAsync(HubUnderTest.ModelUri).Settled());
        Assert.Equal(2, hub.Wire.Count);
        Assert.Equal(HubCircuitState.Open, hub.Health.State);

        hub.Clock.Advance(TimeSpan.FromSeconds(1));
        hub.Faults.ServerErrorBurst = 0; // the hub recovered
        Assert.NotNull(await hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());
        Assert.Equal(HubCircuitState.Closed, hub.Health.State);
        Assert.Equal(0, hub.Health.ConsecutiveFailures);
        Assert.Equal(3, hub.Wire.Count); // the one trial request closed it
    }

    [Fact]
    public async Task During_the_trial_other_requests_fail_fast_and_a_failed_trial_opens_it_again()
    {
        await using var hub = await StartAsync(threshold: 2);
        hub.Faults.ServerErrorBurst = 100;
        for (var i = 0; i < 2; i++)
        {
            using var failed = await hub.GetAsync(HubUnderTest.ModelUri).Settled();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }
        Assert.Equal(HubCircuitState.Open, hub.Health.State);
        hub.Clock.Advance(CoolDown);

        var slowTrial = TimeSpan.FromSeconds(10); // the hub holds the trial on the shared clock
        hub.Faults.Delay = slowTrial;
        var trial = hub.GetAsync(HubUnderTest.ModelUri);
        await hub.Clock.WaitForWaitsAsync(slowTrial);
        Assert.Equal(HubCircuitState.HalfOpen, hub.Health.State);

        var refused = await Assert.ThrowsAsync<HubUnavailableException>(() => hub.GetAsync(HubUnderTest.ModelUri).Settled());
        Assert.Contains("trial request is under way", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, hub.Wire.Count);

        hub.Clock.Advance(slowTrial);
        using (var failedTrial = await trial.Settled())
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failedTrial.StatusCode);
        Assert.Equal(HubCircuitState.Open, hub.Health.State);
        Assert.Equal(hub.Clock.GetUtcNow(), hub.Health.OpenedAt); // a fresh cool-down from the failed trial
        Assert.Equal(3, hub.Health.ConsecutiveFailures);
    }
}
