using System.Text.RegularExpressions;

namespace HubWatch.Web.Components;

/// <summary>
/// An error as anyone may read it: its first line, without what a hub sent back (a response body may carry anything
/// an uploader or a hostile hub put there), without query strings (they may carry cursors, signatures or tokens),
/// and short. The full text stays in the log and on the admin's Jobs page.
/// </summary>
public static partial class VisitorText
{
    public const int MaxLength = 200;

    public static string Of(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.AsSpan().Trim();
        if (text.IndexOfAny('\r', '\n') is var end and >= 0)
            text = text[..end];
        var line = AnsweredWithBody().Replace(text.ToString(), "$1");
        line = QueryString().Replace(line, "?…");
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1).TrimEnd(), "…");
    }

    /// <summary>"… answered 503 Service Unavailable: &lt;what the hub sent&gt;" (HubRequestException): the status stays, the body goes.</summary>
    [GeneratedRegex(@"(answered \d{3}[^:]*):.*$")]
    private static partial Regex AnsweredWithBody();

    [GeneratedRegex(@"\?[^\s""'<>)]+")]
    private static partial Regex QueryString();
}
