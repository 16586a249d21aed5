using System.Text.Json.Nodes;
using HubWatch.DemoHub.Catalog;
using Microsoft.AspNetCore.Http;

namespace HubWatch.DemoHub.Serving;

/// <summary>
/// <c>GET /api/models</c>: search, author, filter (tags, all must match), sort by createdAt, lastModified,
/// downloads or likes in either direction, limit, expand[] or full=true, pages chained by a Link header.
/// </summary>
internal sealed class ListingEndpoint(GeneratedHub hub, ModelDocuments documents, DemoHubFaults faults, HubTimeline timeline)
{
    public const int MaxPageSize = 1000;

    public IResult Handle(HttpContext context)
    {
        var query = context.Request.Query;
        var sort = query["sort"].ToString() is { Length: > 0 } s ? s : "createdAt";
        if (sort is not ("createdAt" or "lastModified" or "downloads" or "likes"))
            return Error($"sort must be createdAt, lastModified, downloads or likes, not '{sort}'");
        var direction = query["direction"].ToString();
        if (direction is not ("" or "-1" or "1"))
            return Error("direction must be -1 or 1");
        var descending = direction != "1";
        var limit = query["limit"].Count == 0 ? MaxPageSize : int.TryParse(query["limit"], out var l) ? l : -1;
        if (limit is < 1 or > MaxPageSize)
            return Error($"limit must be between 1 and {MaxPageSize}");

        IEnumerable<HubRepo> repos = Order(hub.Repos.Where(timeline.IsVisible), sort, descending);
        if (query["cursor"].Count > 0)
        {
            if (!ListingCursor.TryDecode(query["cursor"].ToString(), sort, descending, out var cursor))
                return Error("invalid cursor");
            repos = repos.Where(r => cursor.Precedes(KeyOf(r, sort), r.MongoId));
        }
        if (query["author"].ToString() is { Length: > 0 } author)
            repos = repos.Where(r => string.Equals(r.Author, author, StringComparison.OrdinalIgnoreCase));
        if (query["search"].ToString() is { Length: > 0 } search)
            repos = repos.Where(r => r.Id.Contains(search, StringComparison.OrdinalIgnoreCase));
        var filters = query["filter"].SelectMany(f => (f ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        if (filters.Length > 0)
            repos = repos.Where(r => filters.All(f => r.Tags.Contains(f, StringComparer.OrdinalIgnoreCase)));

        var page = repos.Take(limit + 1).ToList();
        var full = query["full"].ToString() is "true" or "True" or "1";
        var expand = query["expand[]"].Concat(query["expand"]).OfType<string>().Where(f => f.Length > 0).ToArray();
        var body = new JsonArray([.. page.Take(limit).Select(r => (JsonNode)Malformed(r, full ? documents.Full(r) : documents.ListElement(r, expand)))]);
        if (page.Count > limit)
        {
            var last = page[limit - 1];
            var cursor = new ListingCursor(sort, KeyOf(last, sort), last.MongoId, descending).Encode();
            context.Response.Headers.Link = $"<{NextPageUrl(context.Request, cursor)}>; rel=\"next\"";
        }
        return Results.Content(body.ToJsonString(), "application/json; charset=utf-8");
    }

    /// <summary>The malformed-element fault: a field of the wrong type, as a buggy or hostile hub might send.</summary>
    private JsonObject Malformed(HubRepo repo, JsonObject element)
    {
        if (faults.MalformedElementRate > 0 && Weights.CounterRandom.Uniform(Weights.CounterRandom.Key(0x6261_64, repo.Id), 0) < faults.MalformedElementRate)
            element["likes"] = new JsonObject { ["oops"] = 1 };
        return element;
    }

    private static IOrderedEnumerable<HubRepo> Order(IEnumerable<HubRepo> repos, string sort, bool descending)
    {
        var ordered = descending ? repos.OrderByDescending(r => KeyOf(r, sort), StringComparer.Ordinal) : repos.OrderBy(r => KeyOf(r, sort), StringComparer.Ordinal);
        return ordered.ThenBy(r => r.MongoId, StringComparer.Ordinal);
    }

    private static string KeyOf(HubRepo repo, string sort) => sort switch
    {
        "lastModified" => ModelDocuments.Timestamp(repo.LastModified),
        "downloads" => ListingCursor.KeyOf(repo.Downloads),
        "likes" => ListingCursor.KeyOf(repo.Likes),
        _ => ModelDocuments.Timestamp(repo.CreatedAt),
    };

    private static string NextPageUrl(HttpRequest request, string cursor)
    {
        var query = request.Query
            .Where(p => p.Key != "cursor")
            .SelectMany(p => p.Value.Select(v => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"cursor={Uri.EscapeDataString(cursor)}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }

    private static IResult Error(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);
}
