using System.Net;
using HubWatch.Hub.Http;

namespace HubWatch.Hub.Tests.Http;

/// <summary>HubWatch's own request budget, in front of a demo hub that would allow everything.</summary>
public sealed class BudgetOverHttpTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task The_request_beyond_the_budget_waits_for_the_next_window_while_the_other_kind_flows()
    {
        await using var hub = await HubUnderTest.StartAsync(o => o.Budget.ApiCallsPerWindow = 3);
        for (var i = 0; i < 3; i++)
            (await hub.GetAsync(HubUnderTest.ModelUri).Settled()).Dispose();

        var fourth = hub.GetAsync(HubUnderTest.ModelUri); // queued until the budget's window refills
        Assert.False(fourth.IsCompleted);
        Assert.Equal(3, hub.Wire.Count);

        using (var file = await hub.GetAsync(HubUnderTest.TextFileUri).Settled())
            Assert.Equal(HttpStatusCode.OK, file.StatusCode); // resolver calls have their own budget
        Assert.False(fourth.IsCompleted);

        hub.Clock.Advance(Window);
        using var answered = await fourth.Settled();
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(5, hub.Wire.Count);
        Assert.Equal(0, hub.Traffic.Retries);
    }

    [Fact]
    public async Task Retries_spend_budget_too()
    {
        await using var hub = await HubUnderTest.StartAsync(o => o.Budget.ApiCallsPerWindow = 2);
        hub.Faults.ServerErrorBurst = 1;
        var first = hub.GetAsync(HubUnderTest.ModelUri);
        await hub.Clock.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(0.5)); // backoff before the retry
        (await first.Settled()).Dispose();

        var second = hub.GetAsync(HubUnderTest.ModelUri);

        Assert.False(second.IsCompleted);
        Assert.Equal(2, hub.Wire.Count);
        Assert.Equal(1, hub.Traffic.Retries); // the retry took the second request of the window
        hub.Clock.Advance(Window - TimeSpan.FromSeconds(0.5)); // the window began before the backoff
        (await second.Settled()).Dispose();
        Assert.Equal(3, hub.Wire.Count);
    }

    [Fact]
    public async Task A_wait_for_budget_ends_when_the_caller_cancels_and_sends_nothing()
    {
        await using var hub = await HubUnderTest.StartAsync(o => o.Budget.ApiCallsPerWindow = 1);
        (await hub.GetAsync(HubUnderTest.ModelUri).Settled()).Dispose();

        using var cancel = new CancellationTokenSource();
        var waiting = hub.GetAsync(HubUnderTest.ModelUri, cancel.Token); // queued: the window is spent
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Settled());
        Assert.Equal(1, hub.Wire.Count);
        Assert.Equal(0, hub.Health.ConsecutiveFailures); // a cancelled request says nothing about the hub
    }

    [Fact]
    public async Task A_switched_off_budget_never_holds_a_request()
    {
        await using var hub = await HubUnderTest.StartAsync(o => (o.Budget.Enabled, o.Budget.ApiCallsPerWindow) = (false, 1));
        var start = hub.Clock.GetUtcNow();

        for (var i = 0; i < 4; i++)
            (await hub.GetAsync(HubUnderTest.ModelUri).Settled()).Dispose();

        Assert.Equal(4, hub.Wire.Count);
        Assert.Equal(start, hub.Clock.GetUtcNow()); // no fake time had to pass
    }

    [Fact]
    public async Task Bytes_received_add_up_the_Content_Length_of_what_came_back()
    {
        await using var hub = await HubUnderTest.StartAsync();
        var before = hub.Traffic;

        using var file = await hub.GetAsync(HubUnderTest.TextFileUri).Settled();
        using var head = await hub.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, HubUnderTest.TextFileUri)).Settled();

        var run = hub.Traffic - before;
        Assert.True(file.Content.Headers.ContentLength > 0);
        Assert.Equal(file.Content.Headers.ContentLength, run.BytesReceived); // the HEAD adds nothing
        Assert.Equal(2, run.Requests);
    }
}
