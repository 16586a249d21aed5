namespace HubWatch.Hub.Api;

/// <summary>Reads RFC 8288 <c>Link</c> headers, as the Hub uses them for pagination.</summary>
public static class LinkHeader
{
    /// <summary>The target of the <c>rel="next"</c> link, or null when there is none (the last page).</summary>
    public static Uri? FindNext(IEnumerable<string> headerValues, Uri requestUri)
    {
        foreach (var value in headerValues)
        {
            foreach (var link in value.Split(','))
            {
                var parts = link.Split(';', StringSplitOptions.TrimEntries);
                var target = parts[0];
                if (target.Length < 2 || target[0] != '<' || target[^1] != '>')
                    continue;
                var isNext = parts.Skip(1).Any(p =>
                    p.Replace(" ", "").Equals("rel=\"next\"", StringComparison.OrdinalIgnoreCase) ||
                    p.Replace(" ", "").Equals("rel=next", StringComparison.OrdinalIgnoreCase));
                if (isNext && Uri.TryCreate(requestUri, target[1..^1], out var next))
                    return next;
            }
        }
        return null;
    }
}
