using System.Net;
using System.Net.Http.Headers;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;
using HubWatch.Testing;

namespace HubWatch.Hub.Tests.Http;

/// <summary>The bearer token reaches the hub's origin and nothing else: no other host, no message, no dashboard.</summary>
public sealed class TokenSafetyTests
{
    private const string Token = HubUnderTest.Token;

    [Fact]
    public async Task The_token_goes_to_the_hub_origin_only_even_when_the_client_carries_it_by_default()
    {
        await using var hub = await HubUnderTest.StartAsync();
        await using var cdn = await TestHub.ServeAsync(); // another origin: same address, another port
        // What ApplicationServiceCollectionExtensions does today: the token on every request of the client.
        hub.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        (await hub.GetAsync(HubUnderTest.ModelUri).Settled()).Dispose();
        (await hub.GetAsync(new Uri(cdn.BaseUri, HubUnderTest.TextFileUri)).Settled()).Dispose();

        var wire = hub.Wire.Requests;
        Assert.Equal($"Bearer {Token}", wire.Single(r => r.Uri.Port == hub.Server.BaseUri.Port).Authorization);
        Assert.Null(wire.Single(r => r.Uri.Port == cdn.BaseUri.Port).Authorization);
    }

    [Fact]
    public async Task The_token_appears_in_no_exception_message_nor_in_the_health_shown_on_a_dashboard()
    {
        await using var hub = await HubUnderTest.StartAsync(o => (o.Retry.MaxAttempts, o.Breaker.FailureThreshold) = (1, 2));
        hub.Faults.ServerErrorBurst = 100;
        var messages = new List<string>();

        for (var i = 0; i < 2; i++)
            messages.AddRange(Messages(await Assert.ThrowsAsync<HubRequestException>(() => hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled())));
        messages.AddRange(Messages(await Assert.ThrowsAsync<HubUnavailableException>(() => hub.Client.GetModelAsync(HubUnderTest.ModelId, CancellationToken.None).Settled())));

        Assert.All(hub.Wire.Requests, r => Assert.Equal($"Bearer {Token}", r.Authorization)); // the token was really in use
        Assert.Contains("503", messages[0], StringComparison.Ordinal);
        Assert.Contains(hub.Server.BaseUri.Authority, messages[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(messages, m => m.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, hub.Health.Current.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, hub.Health.Current.Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, hub.Resilience.Credential!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lower_layer_message_that_quotes_the_token_is_redacted_before_anyone_sees_it()
    {
        var credential = new HubCredential(new Uri("https://huggingface.co/"), Token);
        var resilience = new HubResilience(new HubHttpOptions { Retry = { MaxAttempts = 1 }, Breaker = { FailureThreshold = 2 } }, credential);
        var leaky = new ThrowingHandler(new HttpRequestException($"proxy refused 'Authorization: Bearer {Token}'"));
        using var http = new HttpClient(resilience.CreatePipeline(leaky)) { BaseAddress = credential.Hub };

        for (var i = 0; i < 2; i++)
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("api/models", UriKind.Relative)));
        var refused = await Assert.ThrowsAsync<HubUnavailableException>(() => http.GetAsync(new Uri("api/models", UriKind.Relative)));

        Assert.Contains("proxy refused", resilience.Health.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, resilience.Health.LastError, StringComparison.Ordinal);
        Assert.Contains("proxy refused", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://huggingface.co/api/models", true)]
    [InlineData("https://HuggingFace.co/org/m/resolve/main/x", true)]
    [InlineData("https://huggingface.co:443/api/models", true)]
    [InlineData("https://cdn-lfs.huggingface.co/repos/x", false)]
    [InlineData("http://huggingface.co/api/models", false)]
    [InlineData("https://huggingface.co:8443/api/models", false)]
    [InlineData("https://huggingface.co.evil.example/api/models", false)]
    public void The_hub_origin_is_scheme_host_and_port(string uri, bool isHub) =>
        Assert.Equal(isHub, new HubCredential(new Uri("https://huggingface.co/"), Token).IsHub(new Uri(uri)));

    [Fact]
    public async Task Without_a_token_no_Authorization_header_is_added()
    {
        await using var server = await TestHub.ServeAsync();
        var wire = new WireLog();
        var resilience = new HubResilience(new HubHttpOptions(), new HubCredential(server.BaseUri, token: "  "));
        using var http = new HttpClient(resilience.CreatePipeline(new WireRecorder(wire) { InnerHandler = new SocketsHttpHandler() })) { BaseAddress = server.BaseUri };

        using var response = await http.GetAsync(HubUnderTest.ModelUri).Settled();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(wire.Requests.Single().Authorization);
        Assert.False(resilience.Credential!.HasToken);
    }

    private static IEnumerable<string> Messages(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            yield return e.Message;
    }

    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(exception);
    }
}
