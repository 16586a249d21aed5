using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace HubWatch.DemoHub.Serving;

/// <summary>
/// The listing's pagination cursor, shaped like the Hub's own: base64 of a Mongo-style keyset query, e.g.
/// <c>{"$or":[{"likes":294,"_id":{"$gt":"621f…"}},{"likes":{"$lt":294}}]}</c> (huggingface_hub PR #1176).
/// Clients treat it as opaque; only this server reads it back.
/// </summary>
internal readonly record struct ListingCursor(string Field, string Value, string MongoId, bool Descending)
{
    public string Encode()
    {
        var comparison = Descending ? "$lt" : "$gt";
        var query = new JsonObject
        {
            ["$or"] = new JsonArray(
                new JsonObject { [Field] = Value, ["_id"] = new JsonObject { ["$gt"] = MongoId } },
                new JsonObject { [Field] = new JsonObject { [comparison] = Value } }),
        };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(query.ToJsonString()));
    }

    public static bool TryDecode(string text, string field, bool descending, out ListingCursor cursor)
    {
        cursor = default;
        try
        {
            var first = JsonNode.Parse(Convert.FromBase64String(text))?["$or"]?[0];
            var value = first?[field]?.GetValue<string>();
            var id = first?["_id"]?["$gt"]?.GetValue<string>();
            if (value is null || id is null)
                return false;
            cursor = new ListingCursor(field, value, id, descending);
            return true;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True when an item with this sort key and id comes after the cursor.</summary>
    public bool Precedes(string key, string mongoId)
    {
        var order = string.CompareOrdinal(key, Value);
        if (order == 0)
            return string.CompareOrdinal(mongoId, MongoId) > 0;
        return Descending ? order < 0 : order > 0;
    }

    /// <summary>Sort keys as strings that order like the values: timestamps as ISO text, counts zero-padded.</summary>
    public static string KeyOf(long count) => count.ToString("D19", CultureInfo.InvariantCulture);
}
