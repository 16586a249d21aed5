using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HubWatch.Evaluation.Benchmarks;

/// <summary>One endpoint under load: latency percentiles of its answered requests, and what went wrong.</summary>
/// <param name="Limited">429 answers (the per-visitor rate limit: every client of a benchmark shares one address).</param>
/// <param name="Errors">Any other non-2xx answer, and requests that failed or timed out.</param>
public sealed record LoadedEndpoint(string Name, string Path, int Requests, int Limited, int Errors, double P50Ms, double P99Ms, double P50Ratio, double P99Ratio);

/// <summary>One run of <c>hubwatch bench load</c>.</summary>
public sealed record LoadBenchmark(string Url, int Clients, double Seconds, string Baseline, IReadOnlyList<LoadedEndpoint> Endpoints)
{
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine($"{Clients} concurrent clients for {Seconds:N0} s against {Url}; each client requests the endpoints in turn");
        text.AppendLine($"ratios: percentile / the same percentile of {Baseline}, measured in the same run");
        var width = Math.Max(8, Endpoints.Max(e => e.Name.Length));
        text.AppendLine($"{"endpoint".PadRight(width)}  {"requests",8}  {"p50 ms",9}  {"p99 ms",9}  {"p50 ×",8}  {"p99 ×",8}  {"429",6}  {"errors",6}");
        foreach (var e in Endpoints)
            text.AppendLine($"{e.Name.PadRight(width)}  {e.Requests,8}  {e.P50Ms,9:F1}  {e.P99Ms,9:F1}  {e.P50Ratio,8:F1}  {e.P99Ratio,8:F1}  {e.Limited,6}  {e.Errors,6}");
        if (Endpoints.Sum(e => e.Limited) > 0)
            text.AppendLine("429s came from the per-visitor rate limit; start the dashboard with --Dashboard:RequestsPerMinute 0 to measure it without.");
        return text.ToString().TrimEnd();
    }
}

/// <summary>
/// N clients requesting the dashboard's landing page, trend API, model search, a model page, a chart PNG and
/// <c>/healthz</c> (the baseline) in turn for S seconds. Bounded and for loopback addresses only: it measures your own
/// dashboard, it is not a tool for loading someone else's.
/// </summary>
public static class LoadBench
{
    public const int MaxClients = 200;
    public const int MaxSeconds = 300;
    private const string Baseline = "health";

    /// <summary>Why <paramref name="url"/> may not be loaded; null when it may.</summary>
    public static string? WhyNot(Uri url) =>
        url is not { IsAbsoluteUri: true, Scheme: "http" or "https" } ? "--url must be an http(s) URL"
        : url.IsLoopback ? null
        : $"--url must be a loopback address (127.0.0.1, ::1, localhost), not {url.Host}: bench load measures your own dashboard";

    public static async Task<LoadBenchmark> RunAsync(Uri url, int clients, TimeSpan duration, CancellationToken ct)
    {
        if (WhyNot(url) is { } problem)
            throw new ArgumentException(problem, nameof(url));
        ArgumentOutOfRangeException.ThrowIfNotEqual(clients is >= 1 and <= MaxClients, true, nameof(clients));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var http = new HttpClient(handler) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var targets = await TargetsAsync(http, ct);
        foreach (var (_, path) in targets) // warm-up, not counted: first requests compile queries and views
            (await http.GetAsync(path, ct)).Dispose();
        var samples = targets.Select(_ => new ConcurrentBag<(double Ms, HttpStatusCode? Status)>()).ToArray();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            // clients start at different endpoints, so each endpoint sees the whole range of concurrency
            for (var i = client; !stop.IsCancellationRequested; i++)
            {
                var t = i % targets.Count;
                if (await TimeAsync(http, targets[t].Path, stop.Token) is { } sample)
                    samples[t].Add(sample);
            }
        }, CancellationToken.None)));
        ct.ThrowIfCancellationRequested();

        var measured = targets.Select((target, t) => (target, answered: samples[t].Where(s => s.Status is { } code && (int)code < 300).Select(s => s.Ms).Order().ToList(), all: samples[t])).ToList();
        var baseline = measured.Single(m => m.target.Name == Baseline).answered;
        double At(List<double> values, double p) => values.Count == 0 ? double.NaN : Percentile.Of(values, p);
        var endpoints = measured.Select(m => new LoadedEndpoint(m.target.Name, m.target.Path, m.all.Count,
            m.all.Count(s => s.Status == HttpStatusCode.TooManyRequests),
            m.all.Count(s => s.Status is null || ((int)s.Status >= 300 && s.Status != HttpStatusCode.TooManyRequests)),
            At(m.answered, 0.5), At(m.answered, 0.99), At(m.answered, 0.5) / At(baseline, 0.5), At(m.answered, 0.99) / At(baseline, 0.99))).ToList();
        return new LoadBenchmark(url.AbsoluteUri, clients, clock.Elapsed.TotalSeconds, Baseline, endpoints);
    }

    /// <returns>Null for a request the end of the run cut off: not a sample.</returns>
    private static async Task<(double Ms, HttpStatusCode? Status)?> TimeAsync(HttpClient http, string path, CancellationToken stop)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, stop);
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, response.StatusCode);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }
    }

    /// <summary>The endpoints, a model page among them: the newest model the dashboard knows.</summary>
    private static async Task<IReadOnlyList<(string Name, string Path)>> TargetsAsync(HttpClient http, CancellationToken ct)
    {
        using var answer = await http.GetAsync("api/models?pageSize=1", ct);
        if (!answer.IsSuccessStatusCode)
            throw new InvalidOperationException($"{http.BaseAddress}api/models answered {(int)answer.StatusCode} {answer.ReasonPhrase}: is it a HubWatch dashboard, and not rate-limiting this address?");
        using var search = await answer.Content.ReadFromJsonAsync<JsonDocument>(ct)
            ?? throw new InvalidOperationException("/api/models answered nothing");
        var items = search.RootElement.GetProperty("items");
        if (items.GetArrayLength() == 0)
            throw new InvalidOperationException("The dashboard has no models yet: let its crawl run first.");
        var model = items[0].GetProperty("id").GetString()!;
        return
        [
            (Baseline, "healthz"),
            ("landing page", ""),
            ("trends api", "api/trends"),
            ("model search", "api/models?search=a"),
            ("model page", $"models/{model}"),
            ("chart png", "api/charts/uploads.png"),
        ];
    }
}
