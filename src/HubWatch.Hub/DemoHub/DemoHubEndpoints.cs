using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HubWatch.Hub.DemoHub;

/// <summary>The part of the Hugging Face Hub API that HubWatch reads, served from a <see cref="DemoHubCatalog"/>.</summary>
public static class DemoHubEndpoints
{
    public const int MaxPageSize = 1000;

    /// <summary>Fields of a list element when no expand[] is given (what the real Hub returns by default).</summary>
    private static readonly string[] DefaultListFields =
        ["_id", "id", "likes", "downloads", "private", "pipeline_tag", "library_name", "tags", "createdAt", "modelId"];

    public static IEndpointRouteBuilder MapDemoHub(this IEndpointRouteBuilder routes, DemoHubCatalog catalog)
    {
        routes.MapGet("/api/models", (HttpContext context) => List(context, catalog));
        routes.MapGet("/api/models/{**id}", (string id) =>
            catalog.Find(id) is { } model
                ? Results.Content(model.Document.ToJsonString(), "application/json")
                : Results.Json(new { error = "Repository not found" }, statusCode: StatusCodes.Status404NotFound));
        return routes;
    }

    private static IResult List(HttpContext context, DemoHubCatalog catalog)
    {
        var query = context.Request.Query;
        var sort = query["sort"].ToString();
        if (sort is not ("" or "createdAt"))
            return Error($"the demo hub sorts by createdAt only, not '{sort}'");
        if (query["direction"].ToString() is not ("" or "-1"))
            return Error("the demo hub lists newest first only (direction=-1)");
        var limit = query["limit"].Count == 0 ? MaxPageSize : int.TryParse(query["limit"], out var l) ? l : -1;
        if (limit is < 1 or > MaxPageSize)
            return Error($"limit must be between 1 and {MaxPageSize}");

        IEnumerable<DemoHubModel> models = catalog.Models;
        if (query["cursor"].Count > 0)
        {
            if (!ListingCursor.TryDecode(query["cursor"].ToString(), out var cursor))
                return Error("invalid cursor");
            models = models.Where(cursor.Precedes);
        }
        if (query["author"].ToString() is { Length: > 0 } author)
            models = models.Where(m => m.Id.StartsWith(author + "/", StringComparison.OrdinalIgnoreCase));
        if (query["search"].ToString() is { Length: > 0 } search)
            models = models.Where(m => m.Id.Contains(search, StringComparison.OrdinalIgnoreCase));

        var page = models.Take(limit + 1).ToList();
        var fields = query["expand[]"].Where(f => !string.IsNullOrEmpty(f)).Select(f => f!).ToArray();
        var body = new JsonArray([.. page.Take(limit).Select(m => Project(m.Document, fields))]);

        if (page.Count > limit)
            context.Response.Headers.Link = $"<{NextPageUrl(context.Request, page[limit - 1])}>; rel=\"next\"";
        return Results.Content(body.ToJsonString(), "application/json");
    }

    /// <summary>With expand[], the Hub returns ids plus exactly the fields asked for; otherwise a default set.</summary>
    private static JsonObject Project(JsonObject document, string[] expand)
    {
        var fields = expand.Length == 0 ? DefaultListFields : ["_id", "id", .. expand];
        var element = new JsonObject();
        foreach (var field in fields.Distinct())
        {
            if (document.TryGetPropertyValue(field, out var value))
                element[field] = value?.DeepClone();
            else if (field == "modelId")
                element[field] = document["id"]?.DeepClone();
        }
        return element;
    }

    private static string NextPageUrl(HttpRequest request, DemoHubModel last)
    {
        var query = request.Query
            .Where(p => p.Key != "cursor")
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"cursor={Uri.EscapeDataString(new ListingCursor(last.CreatedAt, last.MongoId).Encode())}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private static IResult Error(string message) =>
        Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
}
