using System.Net;
using System.Net.Sockets;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;

namespace HubWatch.Hub.Tests.Http;

/// <summary>Retries against the demo hub's 5xx bursts, a slow hub and a dead port, over real HTTP.</summary>
public sealed class RetryOverHttpTests
{
    private static readonly TimeSpan[] Backoffs = [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)];

    [Fact]
    public async Task A_5xx_burst_shorter_than_the_attempts_is_absorbed_with_growing_backoff_and_counted()
    {
        await using var hub = await HubUnderTest.StartAsync();
        hub.Faults.ServerErrorBurst = 3;

        var model = hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None);
        foreach (var backoff in Backoffs[..3])
            await hub.Clock.AdvanceWhenWaitingAsync(backoff);

        Assert.Equal(HubUnderTest.ModelId, (await model.Settled())!.Id);
        Assert.Equal(4, hub.Wire.Count);
        Assert.Equal(new HubTrafficSnapshot(Requests: 4, Retries: 3, RateLimited: 0, ServerErrors: 3, Unanswered: 0, Rejected: 0, BytesReceived: 0),
            hub.Traffic with { BytesReceived = 0 });
        Assert.Equal(HubCircuitState.Closed, hub.Health.State);
        Assert.Equal(0, hub.Health.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_5xx_burst_longer_than_the_attempts_surfaces_and_counts_toward_the_breaker()
    {
        await using var hub = await HubUnderTest.StartAsync(o => o.Retry.MaxAttempts = 3);
        hub.Faults.ServerErrorBurst = 10;

        var model = hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None);
        foreach (var backoff in Backoffs[..2])
            await hub.Clock.AdvanceWhenWaitingAsync(backoff);

        var error = await Assert.ThrowsAsync<HubRequestException>(() => model.Settled());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal(3, hub.Wire.Count);
        Assert.Equal(2, hub.Traffic.Retries);
        Assert.Equal(1, hub.Health.ConsecutiveFailures); // one request, however many attempts
        Assert.Equal(HubCircuitState.Closed, hub.Health.State);
        Assert.Contains("503", hub.Health.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attempt_without_response_headers_times_out_on_the_clock_and_is_retried()
    {
        await using var hub = await HubUnderTest.StartAsync();
        var serverDelay = TimeSpan.FromMinutes(1); // longer than the attempt timeout
        hub.Faults.Delay = serverDelay;

        var response = hub.GetAsync(HubUnderTest.ModelUri);
        await hub.Clock.WaitForWaitsAsync(serverDelay); // the hub holds the first attempt
        hub.Faults.Delay = TimeSpan.Zero;
        await hub.Clock.AdvanceWhenWaitingAsync(HubUnderTest.AttemptTimeout);
        await hub.Clock.AdvanceWhenWaitingAsync(Backoffs[0]);

        using var answered = await response.Settled();
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(1, hub.Traffic.Unanswered);
        Assert.Equal(1, hub.Traffic.Retries);
        Assert.Equal(2, hub.Wire.Count);
    }

    [Fact]
    public async Task A_request_that_keeps_failing_ends_at_its_total_timeout_with_the_reason_and_counts_toward_the_breaker()
    {
        var total = TimeSpan.FromSeconds(2.5);
        await using var hub = await HubUnderTest.StartAsync(o => o.Retry.TotalTimeout = total);
        hub.Faults.ServerErrorBurst = 100;

        var request = hub.GetAsync(HubUnderTest.ModelUri);
        foreach (var backoff in Backoffs[..2])
            await hub.Clock.AdvanceWhenWaitingAsync(backoff);
        await hub.Clock.WaitForWaitsAsync(Backoffs[2]); // 1.5 s gone; the third backoff would end at 3.5 s
        hub.Clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => request.Settled());
        Assert.Contains("within 2.5 s, retries included", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, hub.Wire.Count); // the fourth attempt was never sent
        Assert.Equal(1, hub.Health.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_request_with_a_body_is_sent_once_whatever_the_hub_answers()
    {
        await using var hub = await HubUnderTest.StartAsync();
        hub.Faults.ServerErrorBurst = 3;

        using var response = await hub.Http.PostAsync(HubUnderTest.ModelUri, new StringContent("{}")).Settled();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, hub.Wire.Count);
        Assert.Equal(0, hub.Traffic.Retries);
    }

    [Fact]
    public async Task Connection_failures_are_retried_then_surface_and_count_toward_the_breaker()
    {
        var deadPort = DeadPort();
        await using var hub = await HubUnderTest.StartAsync(o => o.Retry.MaxAttempts = 3);

        var request = hub.GetAsync(new Uri($"http://127.0.0.1:{deadPort}/api/models"));
        foreach (var backoff in Backoffs[..2])
            await hub.Clock.AdvanceWhenWaitingAsync(backoff);

        await Assert.ThrowsAsync<HttpRequestException>(() => request.Settled());
        Assert.Equal(3, hub.Traffic.Unanswered);
        Assert.Equal(2, hub.Traffic.Retries);
        Assert.Equal(1, hub.Health.ConsecutiveFailures);
        Assert.Contains($"127.0.0.1:{deadPort}", hub.Health.Current.Host, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nobody listens on: bound, then released.</summary>
    private static int DeadPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
