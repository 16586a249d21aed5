using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace HubWatch.Hub.DemoHub;

/// <summary>
/// The demo hub's pagination cursor, shaped like the Hub's own: URL-safe base64 of a Mongo-style keyset query
/// <c>{"$or":[{"createdAt":X,"_id":{"$gt":ID}},{"createdAt":{"$lt":X}}]}</c> (huggingface_hub PR #1176).
/// Clients must treat it as opaque; only the demo hub reads it back.
/// </summary>
internal readonly record struct ListingCursor(DateTimeOffset CreatedAt, string MongoId)
{
    public string Encode()
    {
        var at = CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var query = new JsonObject
        {
            ["$or"] = new JsonArray(
                new JsonObject { ["createdAt"] = at, ["_id"] = new JsonObject { ["$gt"] = MongoId } },
                new JsonObject { ["createdAt"] = new JsonObject { ["$lt"] = at } }),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(query.ToJsonString()));
    }

    public static bool TryDecode(string text, out ListingCursor cursor)
    {
        cursor = default;
        try
        {
            var query = JsonNode.Parse(Convert.FromBase64String(text));
            var first = query?["$or"]?[0];
            var at = (string?)first?["createdAt"];
            var id = (string?)first?["_id"]?["$gt"];
            if (at is null || id is null)
                return false;
            cursor = new ListingCursor(DateTimeOffset.Parse(at, CultureInfo.InvariantCulture), id);
            return true;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True when a model comes after this cursor in newest-first order.</summary>
    public bool Precedes(DemoHubModel model) =>
        model.CreatedAt < CreatedAt ||
        (model.CreatedAt == CreatedAt && string.CompareOrdinal(model.MongoId, MongoId) > 0);
}
