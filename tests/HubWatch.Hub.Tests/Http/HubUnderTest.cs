using HubWatch.DemoHub.Serving;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;
using HubWatch.Testing;

namespace HubWatch.Hub.Tests.Http;

/// <summary>
/// The demo hub on a real port, its fault switches and rate-limit window on the same fake clock as HubWatch's
/// handlers, and a client whose pipeline is HubWatch's handlers over a <see cref="WireRecorder"/> over sockets.
/// </summary>
internal sealed class HubUnderTest : IAsyncDisposable
{
    /// <summary>Distinct from every backoff, budget and Retry-After wait the tests expect, so waits are told apart by length.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(17);

    /// <summary>With jitter off, the backoffs before retries 1, 2, 3 … are 0.5 s, 1 s, 2 s …</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(0.5);

    public const string Token = "hf_TestTokenThatMustNeverLeak0123456789";

    private HubUnderTest(DemoHubServer server, RecordingClock clock, HubResilience resilience, WireLog wire, HttpClient http)
    {
        Server = server;
        Clock = clock;
        Resilience = resilience;
        Wire = wire;
        Http = http;
    }

    public DemoHubServer Server { get; }
    public DemoHubFaults Faults => Server.Faults;
    public RecordingClock Clock { get; }
    public HubResilience Resilience { get; }
    public WireLog Wire { get; }
    public HttpClient Http { get; }
    public HubClient Client => new(Http);
    public HubTrafficSnapshot Traffic => Resilience.Traffic.Snapshot();
    public HubHealth Health => Resilience.Health;

    /// <summary>A model that exists on the test hub, and one of its small text files (for resolver requests).</summary>
    public static string ModelId => TestHub.Hub.Repos[0].Id;

    public static Uri ModelUri => new($"api/models/{ModelId}", UriKind.Relative);

    public static Uri TextFileUri
    {
        get
        {
            var repo = TestHub.Hub.Repos.First(r => r.Files.Any(f => f.IsText));
            return new Uri($"{repo.Id}/resolve/main/{repo.Files.First(f => f.IsText).Path}", UriKind.Relative);
        }
    }

    public static async Task<HubUnderTest> StartAsync(Action<HubHttpOptions>? configure = null)
    {
        var clock = new RecordingClock();
        var server = await DemoHubServer.StartAsync(TestHub.Hub, faults: new DemoHubFaults(), clock: clock);
        var options = new HubHttpOptions { Retry = { AttemptTimeout = AttemptTimeout, BaseDelay = FirstBackoff, Jitter = false } };
        configure?.Invoke(options);
        var resilience = new HubResilience(options, new HubCredential(server.BaseUri, Token), clock);
        if (options.Budget.Enabled)
            await clock.WaitForWaitsAsync(options.Budget.Window); // the budget's refill timer: not a wait a test looks for
        var wire = new WireLog();
        var pipeline = resilience.CreatePipeline(new WireRecorder(wire) { InnerHandler = new SocketsHttpHandler() });
        // Waits for Retry-After and budget windows are long by design; the caller's token bounds them, not HttpClient.
        var http = new HttpClient(pipeline) { BaseAddress = server.BaseUri, Timeout = Timeout.InfiniteTimeSpan };
        return new HubUnderTest(server, clock, resilience, wire, http);
    }

    public Task<HttpResponseMessage> GetAsync(Uri uri, CancellationToken ct = default) => Http.GetAsync(uri, ct);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Resilience.Dispose();
        await Server.DisposeAsync();
    }
}
