using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Testing;

/// <summary>
/// A hostile hub on a loopback port: it passes every request through to a real hub (the demo hub) and answers the
/// ones a test picks its own way — a poisoned JSON field, a card too large, headers and then silence, a redirect to
/// somewhere HubWatch must not go. What HubWatch sees is real HTTP from a real socket, as from a hub gone bad.
/// </summary>
public sealed class TamperingHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri _upstream;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None });
    private readonly List<(Func<HttpRequest, bool> When, RequestDelegate Answer)> _rules = [];
    private readonly ConcurrentQueue<string> _seen = new();

    private TamperingHub(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = upstream;
        app.Run(ServeAsync);
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Path and query of every request received, in order, as sent (escapes kept).</summary>
    public IReadOnlyList<string> Seen => [.. _seen];

    public static async Task<TamperingHub> StartAsync(Uri upstream)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var hub = new TamperingHub(builder.Build(), upstream);
        await hub._app.StartAsync();
        var address = hub._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        hub.BaseUri = new Uri(address + "/");
        return hub;
    }

    /// <summary>Requests <paramref name="when"/> matches are answered by <paramref name="answer"/>; the first matching rule wins.</summary>
    public void Answer(Func<HttpRequest, bool> when, RequestDelegate answer)
    {
        lock (_rules)
            _rules.Add((when, answer));
    }

    /// <summary>The hub's JSON answer to matching requests, changed by <paramref name="rewrite"/> (it returns what to send).</summary>
    public void RewriteJson(Func<HttpRequest, bool> when, Func<JsonNode, JsonNode> rewrite) => Answer(when, async context =>
    {
        using var upstream = await ForwardAsync(context.Request);
        var json = JsonNode.Parse(await upstream.Content.ReadAsStringAsync(context.RequestAborted))!;
        context.Response.StatusCode = (int)upstream.StatusCode;
        CopyHeaders(upstream, context.Response, except: "Content-Length");
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(rewrite(json).ToJsonString(), context.RequestAborted);
    });

    /// <summary>A fixed answer to matching requests.</summary>
    public void Reply(Func<HttpRequest, bool> when, int status, string body, string contentType = "text/plain; charset=utf-8", IDictionary<string, string>? headers = null) =>
        Answer(when, async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
                context.Response.Headers[name] = value;
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        });

    /// <summary>Matching requests get their status line and headers, then nothing until the client gives up.</summary>
    public void Stall(Func<HttpRequest, bool> when, long claimedLength = 1000) => Answer(when, async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = claimedLength;
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await Task.Delay(Timeout.Infinite, context.RequestAborted);
    });

    /// <summary>Matching requests get the real headers and the first bytes of the real body, then the connection is cut.</summary>
    public void Truncate(Func<HttpRequest, bool> when, int keep = 10) => Answer(when, async context =>
    {
        using var upstream = await ForwardAsync(context.Request);
        var body = await upstream.Content.ReadAsByteArrayAsync(context.RequestAborted);
        context.Response.StatusCode = (int)upstream.StatusCode;
        CopyHeaders(upstream, context.Response);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, Math.Min(keep, body.Length - 1)), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        context.Abort();
    });

    /// <summary>Forgets every rule: from now on everything passes through.</summary>
    public void Clear()
    {
        lock (_rules)
            _rules.Clear();
    }

    private async Task ServeAsync(HttpContext context)
    {
        _seen.Enqueue(context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget);
        RequestDelegate? answer;
        lock (_rules)
            answer = _rules.FirstOrDefault(r => r.When(context.Request)).Answer;
        try
        {
            if (answer is not null)
            {
                await answer(context);
                return;
            }
            using var upstream = await ForwardAsync(context.Request);
            context.Response.StatusCode = (int)upstream.StatusCode;
            CopyHeaders(upstream, context.Response);
            await upstream.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client gave up: what a stalled answer waits for
        }
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpRequest request)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.Path.Value!.TrimStart('/') + request.QueryString));
        foreach (var name in new[] { "Range", "If-None-Match", "If-Range" })
        {
            if (request.Headers.TryGetValue(name, out var value))
                message.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value!);
        }
        return await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, request.HttpContext.RequestAborted);
    }

    /// <summary>Headers as the hub sent them, its own address in links and redirects replaced by this one.</summary>
    private void CopyHeaders(HttpResponseMessage from, HttpResponse to, string? except = null)
    {
        var upstream = _upstream.GetLeftPart(UriPartial.Authority);
        var own = BaseUri.GetLeftPart(UriPartial.Authority);
        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals(except, StringComparison.OrdinalIgnoreCase))
                continue;
            to.Headers[name] = values.Select(v => v.Replace(upstream, own, StringComparison.Ordinal)).ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
