namespace HubWatch.Hub.Cards;

/// <summary>Fenced code blocks (<c>```yaml</c> … <c>```</c>) in a Markdown text.</summary>
internal static class FencedBlocks
{
    /// <summary>
    /// The contents of the blocks whose info string starts with <c>yaml</c> or <c>yml</c>, in order. A block that is
    /// never closed runs to the end of the text, as CommonMark reads it.
    /// </summary>
    public static IEnumerable<string> Yaml(string markdown)
    {
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TryOpen(lines[i], out var fence, out var info) || !IsYaml(info))
                continue;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !Closes(lines[end], fence))
                end++;
            yield return string.Join('\n', lines[start..end]);
            i = end;
        }
    }

    private static bool TryOpen(string line, out int fence, out string info)
    {
        var text = line.TrimEnd('\r');
        var indent = text.Length - text.TrimStart(' ').Length;
        var rest = text.AsSpan(indent);
        fence = rest.Length - rest.TrimStart('`').Length;
        info = rest[fence..].Trim().ToString();
        // CommonMark: at most three spaces of indent, three or more backticks
        return indent <= 3 && fence >= 3;
    }

    private static bool IsYaml(string info) =>
        info.StartsWith("yaml", StringComparison.OrdinalIgnoreCase) || info.StartsWith("yml", StringComparison.OrdinalIgnoreCase);

    private static bool Closes(string line, int fence)
    {
        var text = line.Trim(" \r\t".ToCharArray());
        return text.Length >= fence && text.All(c => c == '`');
    }
}
