using System.Globalization;
using System.Net;
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
/// A hub that replays real recorded huggingface.co responses (Recorded/, see its MANIFEST): each model's
/// <c>GET /api/models/{id}</c> body byte for byte, the recorded 307s of renamed repositories, and a newest-first
/// listing of the recorded models (the recordings hold no list page, so it is assembled from their bodies).
/// </summary>
public sealed class ReplayHub : IAsyncDisposable
{
    private static readonly string Recorded = Path.Combine(AppContext.BaseDirectory, "Recorded");
    private readonly WebApplication _app;

    private ReplayHub(WebApplication app, Uri baseUri, IReadOnlyDictionary<string, string> bodies)
    {
        _app = app;
        BaseUri = baseUri;
        Bodies = bodies;
    }

    public Uri BaseUri { get; }

    /// <summary>Each recorded model's latest body by id.</summary>
    public IReadOnlyDictionary<string, string> Bodies { get; }

    public static async Task<ReplayHub> StartAsync()
    {
        var bodies = Directory.GetFiles(Path.Combine(Recorded, "model-info"), "*.json").Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .GroupBy(body => (string)JsonNode.Parse(body)!["id"]!)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var redirects = Directory.GetFiles(Path.Combine(Recorded, "exchanges"), "*.json")
            .Select(file => JsonNode.Parse(File.ReadAllText(file))!)
            .Where(e => (int)e["response"]!["status"]! == 307)
            .ToDictionary(e => new Uri((string)e["request"]!["uri"]!).AbsolutePath, e => (string)e["response"]!["headers"]!["Location"]![0]!);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.UseRouting();
        app.MapGet("/api/models", (HttpContext context) => List(context, bodies));
        app.MapGet("/api/models/{**id}", (HttpContext context, string id) =>
            redirects.TryGetValue(context.Request.Path, out var location) ? Results.Redirect(location, preserveMethod: true)
            : bodies.TryGetValue(id, out var body) ? Results.Content(body, "application/json; charset=utf-8")
            : Results.Json(new { error = "Repository not found" }, statusCode: 404));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ReplayHub(app, new Uri(address + "/"), bodies);
    }

    /// <summary>Newest first, with ids plus the expand[] fields taken from each recorded body; one page.</summary>
    private static IResult List(HttpContext context, IReadOnlyDictionary<string, string> bodies)
    {
        var fields = context.Request.Query["expand[]"].OfType<string>().ToArray();
        var models = bodies.Values.Select(b => JsonNode.Parse(b)!.AsObject())
            .OrderByDescending(m => DateTimeOffset.Parse((string)m["createdAt"]!, CultureInfo.InvariantCulture))
            .ThenBy(m => (string)m["_id"]!, StringComparer.Ordinal)
            .Select(m => (JsonNode)new JsonObject([.. new[] { "_id", "id" }.Concat(fields).Distinct()
                .Where(f => m.ContainsKey(f))
                .Select(f => KeyValuePair.Create(f, m[f]?.DeepClone()))]));
        return Results.Content(new JsonArray([.. models]).ToJsonString(), "application/json; charset=utf-8");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
