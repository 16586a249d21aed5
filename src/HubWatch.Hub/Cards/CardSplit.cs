namespace HubWatch.Hub.Cards;

/// <summary>A card cut into its front matter (null when there is none) and its Markdown body.</summary>
/// <param name="FrontMatterLine">1-based card line of the front matter's first line.</param>
/// <param name="Unterminated">The card opens with <c>---</c> but no closing <c>---</c> line follows.</param>
internal sealed record CardSplit(string? FrontMatter, int FrontMatterLine, string Body, bool Unterminated)
{
    private const string Fence = "---";

    public static CardSplit Of(string text)
    {
        var lines = new LineCursor(text.StartsWith('\uFEFF') ? text[1..] : text);
        var line = lines.Next();
        while (line is not null && line.Value.Text.IsWhiteSpace())
            line = lines.Next();
        if (line is null || !IsFence(line.Value.Text))
            return new CardSplit(null, 0, text, false);

        var open = line.Value;
        for (line = lines.Next(); line is not null; line = lines.Next())
        {
            if (IsFence(line.Value.Text))
            {
                var source = lines.Source;
                var frontMatter = source[open.End..line.Value.Start];
                return new CardSplit(frontMatter, open.Number + 1, source[line.Value.End..], false);
            }
        }
        return new CardSplit(null, 0, text, true);
    }

    private static bool IsFence(ReadOnlySpan<char> line) => line.TrimEnd(" \t\r").SequenceEqual(Fence);

    /// <summary>One line: where it starts, where the next one starts, and its text without the newline.</summary>
    private readonly record struct Line(int Start, int End, int Number, string Source)
    {
        public ReadOnlySpan<char> Text => Source.AsSpan(Start, End - Start).TrimEnd('\n');
    }

    private sealed class LineCursor(string source)
    {
        private int _position;
        private int _number;

        public string Source { get; } = source;

        public Line? Next()
        {
            if (_position >= Source.Length)
                return null;
            var newline = Source.IndexOf('\n', _position);
            var end = newline < 0 ? Source.Length : newline + 1;
            var line = new Line(_position, end, ++_number, Source);
            _position = end;
            return line;
        }
    }
}
