using System.Text;

namespace HubWatch.Application.Exports;

/// <summary>
/// Package URLs of the purl spec's <c>huggingface</c> type: <c>pkg:huggingface/author/name@commit</c>, the commit in
/// lower case. A hub other than huggingface.co (a mirror, the demo hub) is named in <c>repository_url</c>.
/// </summary>
public static class HuggingFacePurl
{
    private static readonly Uri DefaultHub = new("https://huggingface.co/");

    public static string For(string id, string? revision, Uri hub)
    {
        var purl = new StringBuilder("pkg:huggingface/");
        purl.AppendJoin('/', id.Split('/').Select(Encode));
        if (!string.IsNullOrEmpty(revision))
            purl.Append('@').Append(Encode(revision.ToLowerInvariant()));
        if (!string.Equals(hub.Host, DefaultHub.Host, StringComparison.OrdinalIgnoreCase))
            purl.Append("?repository_url=").Append(Encode(hub.AbsoluteUri.TrimEnd('/')));
        return purl.ToString();
    }

    /// <summary>Percent-encodes all but the characters the purl spec leaves bare in every component.</summary>
    private static string Encode(string part)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(part))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' or (byte)'_' or (byte)'~')
                encoded.Append((char)b);
            else
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return encoded.ToString();
    }
}
