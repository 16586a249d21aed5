using System.Collections.Concurrent;
using HubWatch.Application.Crawling;
using HubWatch.Application.Fingerprinting;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub;
using HubWatch.Hub.Api;
using HubWatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace HubWatch.Application.Tests.Hubs;

/// <summary>
/// "Never logged", checked where it could break: every log line, at every level and from every library, of a crawl and
/// a fingerprint run that really send the token. HttpClient's own loggers failed this (their Trace records carry the
/// raw request headers as structured state), so the hub clients log through HubRequestLog instead.
/// </summary>
public sealed class TokenLoggingTests : IAsyncLifetime
{
    private const string Token = "hf_NeverLogMe0123456789abcdefABCDEF";

    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private DemoHubServer _hub = null!;

    public async Task InitializeAsync() => _hub = await TestHub.ServeAsync();

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task No_log_line_of_a_crawl_and_a_fingerprint_run_carries_the_token()
    {
        var sent = new ConcurrentQueue<string>();
        // HubSource.Configured is what the hosts build from HF_TOKEN; the budget and a full run would only slow the test down
        using var services = HubWatchServices.Build(_database, HubSource.Configured(_hub.BaseUri, Token),
            new Dictionary<string, string?> { ["Hub:Http:Budget:Enabled"] = "false", ["Fingerprint:PerRun"] = "20" }, more: (s, _) =>
            {
                s.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace)).AddFakeLogging();
                // the same primary handlers, watched: what really left for the hub
                s.AddHttpClient<HubClient>().ConfigurePrimaryHttpMessageHandler(() => new Watched(sent, new SocketsHttpHandler { AllowAutoRedirect = false }));
                s.AddHttpClient(HubWeightFiles.ClientName).ConfigurePrimaryHttpMessageHandler(() =>
                    new Watched(sent, new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 3 }));
            });

        var crawl = await services.GetRequiredService<CrawlService>().RunAsync(CancellationToken.None);
        var fingerprints = await services.GetRequiredService<FingerprintService>().RunAsync(CancellationToken.None);

        Assert.Equal(TestHub.ModelCount, crawl.New);
        Assert.True(fingerprints.Sampled > 0);
        Assert.NotEmpty(sent);
        Assert.All(sent, header => Assert.Equal($"Bearer {Token}", header)); // the token was in use on every request
        var logs = services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.True(logs.Count(r => r.Category == "HubWatch.Application.Hubs.HubRequestLog") >= sent.Count, "each request is logged");
        Assert.All(logs, record => Assert.DoesNotContain(Token, Everything(record), StringComparison.Ordinal));
    }

    /// <summary>The message, the exception with its inner ones and stack, the structured values and the scopes.</summary>
    private static string Everything(FakeLogRecord record) => string.Join('\n',
        [record.Message, record.Exception?.ToString(), .. (record.StructuredState ?? []).Select(p => $"{p.Key}={p.Value}"), .. record.Scopes.Select(s => s?.ToString())]);

    private sealed class Watched(ConcurrentQueue<string> sent, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            sent.Enqueue(request.Headers.Authorization?.ToString() ?? "none");
            return base.SendAsync(request, ct);
        }
    }
}
