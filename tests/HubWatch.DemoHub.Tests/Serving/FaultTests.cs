using System.Net;
using System.Text.Json;
using HubWatch.DemoHub.Serving;
using HubWatch.DemoHub.Tests.Ecosystem;
using Microsoft.Extensions.Time.Testing;

namespace HubWatch.DemoHub.Tests.Serving;

/// <summary>The faults a client must survive, switched on in a running demo hub.</summary>
[Collection(GeneratedHubFixture.Collection)]
public sealed class FaultTests(GeneratedHubFixture generated) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
    private DemoHubServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await DemoHubServer.StartAsync(GeneratedHub.Load(generated.Folder), clock: _clock);
        _http = new HttpClient { BaseAddress = _server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Past_the_rate_limit_the_hub_answers_429_with_RateLimit_and_Retry_After_until_the_window_ends()
    {
        _server.Faults.RateLimit = 3;
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/models?limit=1")).StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(100));
        using var limited = await _http.GetAsync("api/models?limit=1");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(200), limited.Headers.RetryAfter!.Delta);
        Assert.Equal("\"api\";r=0;t=200", limited.Headers.GetValues("RateLimit").Single());

        _clock.Advance(TimeSpan.FromSeconds(200));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/models?limit=1")).StatusCode);
    }

    [Fact]
    public async Task A_5xx_burst_passes_and_the_hub_recovers()
    {
        _server.Faults.ServerErrorBurst = 2;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync("api/models?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _http.GetAsync("api/models?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("api/models?limit=1")).StatusCode);
    }

    [Fact]
    public async Task A_random_error_rate_fails_about_that_share_of_requests()
    {
        _server.Faults.ServerErrorRate = 0.3;
        var failures = 0;
        for (var i = 0; i < 200; i++)
        {
            using var response = await _http.GetAsync("api/models?limit=1");
            if ((int)response.StatusCode >= 500)
                failures++;
        }
        Assert.InRange(failures, 35, 85);
    }

    [Fact]
    public async Task A_truncated_body_ends_the_connection_mid_body_never_an_error_status()
    {
        var whole = await _http.GetByteArrayAsync("api/models?limit=50");
        _server.Faults.TruncateRate = 1;
        try
        {
            // half the body under a 200, then the connection is cut: a client sees the 200 and a body cut short, or
            // (when the reset overtakes the data) a transport failure; never an HTTP error status
            using var response = await _http.GetAsync("api/models?limit=50", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = new MemoryStream();
            var cut = await Record.ExceptionAsync(async () => await (await response.Content.ReadAsStreamAsync()).CopyToAsync(body));
            Assert.True(cut is IOException || body.Length < whole.Length, $"{body.Length} of {whole.Length} bytes, {cut?.GetType().Name ?? "no error"}");
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body.ToArray()));
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            Assert.IsAssignableFrom<IOException>(e.InnerException);
        }
    }

    [Fact]
    public async Task Slow_responses_wait_for_the_delay()
    {
        _server.Faults.Delay = TimeSpan.FromSeconds(30);
        var pending = _http.GetAsync("api/models?limit=1");
        await Task.Delay(200);
        Assert.False(pending.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await pending).StatusCode);
    }

    [Fact]
    public async Task A_hub_that_ignores_Range_sends_the_whole_file_with_200()
    {
        _server.Faults.IgnoreRange = true;
        var repo = generated.Catalog.Repos.First(r => r.Files.Any(f => f.Path == "model.safetensors"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{repo.Id}/resolve/main/model.safetensors");
        request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 7);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 8);
    }
}
