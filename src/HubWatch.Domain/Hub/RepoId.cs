namespace HubWatch.Domain.Hub;

/// <summary>Rules for hub repository ids such as <c>meta-llama/Llama-3.1-8B</c> or the legacy <c>gpt2</c>.</summary>
public static class RepoId
{
    /// <summary>The namespace part of an id; legacy ids without one belong to no author.</summary>
    public static string? AuthorOf(string id)
    {
        var slash = id.IndexOf('/');
        return slash > 0 ? id[..slash] : null;
    }

    /// <summary>
    /// True for ids a hub could serve: one or two non-empty segments of letters, digits, '-', '_' and '.',
    /// none starting with '.' (so no "..", and nothing a path could escape through).
    /// </summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 200)
            return false;
        var segments = id.Split('/');
        return segments.Length <= 2 && segments.All(IsValidSegment);
    }

    private static bool IsValidSegment(string segment) =>
        segment.Length > 0 && segment[0] != '.' &&
        segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
