using HubWatch.Application.Hubs;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;
using HubWatch.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Hub.Tests.Http;

/// <summary>The handlers plugged into IHttpClientFactory the way HubWatch registers its typed HubClient.</summary>
public sealed class HubResilienceRegistrationTests
{
    [Fact]
    public async Task The_typed_client_gets_the_handlers_in_order_with_shared_singletons_and_options_from_the_action()
    {
        var clock = new RecordingClock();
        await using var server = await DemoHubServer.StartAsync(TestHub.Hub, faults: new DemoHubFaults { ServerErrorBurst = 100 }, clock: clock);
        var wire = new WireLog();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(new HubCredential(server.BaseUri, HubUnderTest.Token));
        services.AddHttpClient<HubClient>(http => (http.BaseAddress, http.Timeout) = (server.BaseUri, TimeSpan.FromSeconds(60)))
            .AddHubResilience(o => (o.Retry.MaxAttempts, o.Breaker.FailureThreshold) = (1, 2))
            .AddHttpMessageHandler(() => new WireRecorder(wire));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<HubClient>();
        await Assert.ThrowsAsync<HubRequestException>(() => client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());
        await Assert.ThrowsAsync<HubRequestException>(() => client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());
        await Assert.ThrowsAsync<HubUnavailableException>(() => client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled());

        var health = provider.GetRequiredService<HubHealth>();
        Assert.Same(provider.GetRequiredService<HubResilience>().Health, health);
        Assert.Equal(HubCircuitState.Open, health.State); // threshold 2 came from the action
        Assert.Equal(new HubTrafficSnapshot(2, 0, 0, 2, 0, 1, 0), provider.GetRequiredService<HubTraffic>().Snapshot() with { BytesReceived = 0 });
        Assert.Equal(2, wire.Requests.Count); // the recorder is innermost: the refused request never reached it
        Assert.All(wire.Requests, sent => Assert.Equal($"Bearer {HubUnderTest.Token}", sent.Authorization));
        Assert.Equal(Timeout.InfiniteTimeSpan, provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(HubClient)).Timeout);
    }
}
