using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace HubWatch.Hub.Cards.Yaml;

/// <summary>What <see cref="YamlReader.Read"/> found: the first document's root (null when empty) or a problem.</summary>
/// <param name="Problem">Why reading failed, in a few words; null when it did not.</param>
/// <param name="Line">1-based line of the YAML text where it failed, when known.</param>
/// <param name="Detail">The parser's own words, when it gave any.</param>
internal sealed record YamlReadResult(YamlValue? Root, string? Problem = null, int? Line = null, string? Detail = null)
{
    /// <summary>The problem as one line, its line counted from <paramref name="firstLine"/> (where the YAML sits in a larger text).</summary>
    public string? Error(int firstLine = 1)
    {
        if (Problem is null)
            return null;
        var at = Line is { } line ? $" at line {line + firstLine - 1}" : "";
        return Detail is null ? Problem + at : $"{Problem}{at}: {Detail}";
    }
}

/// <summary>
/// Reads untrusted YAML (card front matter, mergekit configs) into a <see cref="YamlValue"/> tree from YamlDotNet's
/// event stream, without ever throwing. YamlDotNet's own RepresentationModel is not used because its loader recurses
/// per nesting level (about 100k nested <c>[</c> overflow the stack, which kills the process) and it rejects
/// duplicate keys that PyYAML accepts. Nesting is cut at <see cref="MaxDepth"/> while the events stream in, which
/// also stops the scanner early: its cost grows with the square of the flow nesting depth.
/// </summary>
internal static class YamlReader
{
    public const int MaxInputChars = 1 << 20;
    public const int MaxDepth = 64;

    public static YamlReadResult Read(string text)
    {
        if (text.Length > MaxInputChars)
            return new YamlReadResult(null, $"YAML longer than {MaxInputChars} characters");
        if (FirstNonPrintable(text) is { } at)
        {
            var line = text.AsSpan(0, at).Count('\n') + 1;
            return new YamlReadResult(null, $"non-printable character U+{(int)text[at]:X4}", line);
        }
        try
        {
            return Build(new Parser(new StringReader(text)));
        }
        catch (YamlException e)
        {
            return new YamlReadResult(null, "invalid YAML", (int)e.Start.Line, FirstLine(e.Message));
        }
        // YamlDotNet 18.1 throws InvalidOperationException on some broken flow collections (`a: [1,` then a new
        // key), and untrusted text must never escape as an exception; a parser bug is one more unreadable card.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new YamlReadResult(null, "invalid YAML", Detail: FirstLine(e.Message));
        }
    }

    private static YamlReadResult Build(Parser parser)
    {
        var builder = new TreeBuilder();
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Scalar scalar:
                    builder.Add(new YamlText(IsNull(scalar) ? null : scalar.Value), scalar.Anchor);
                    break;
                case SequenceStart start:
                    if (!builder.Open(new YamlList(), start.Anchor))
                        return TooDeep(start);
                    break;
                case MappingStart start:
                    if (!builder.Open(new YamlMap(), start.Anchor))
                        return TooDeep(start);
                    break;
                case SequenceEnd or MappingEnd:
                    builder.Close();
                    break;
                case AnchorAlias alias:
                    if (!builder.AddAlias(alias.Value))
                        return new YamlReadResult(null, $"undefined alias *{alias.Value}", (int)alias.Start.Line);
                    break;
                case DocumentEnd when builder.HasRoot:
                    // only the first document matters, and the rest may be anything
                    return new YamlReadResult(builder.Root);
            }
        }
        return new YamlReadResult(builder.Root);
    }

    /// <summary>
    /// YAML allows only printable characters (YAML 1.2 §5.1; PyYAML refuses the rest). YamlDotNet reads NUL or
    /// U+FFFF as text, which would turn binary junk into model names, so they are refused here.
    /// </summary>
    private static int? FirstNonPrintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\t' or '\n' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD'))
                continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            return i;
        }
        return null;
    }

    private static YamlReadResult TooDeep(ParsingEvent at) =>
        new(null, $"YAML nested deeper than {MaxDepth} levels", (int)at.Start.Line);

    // YAML 1.1/1.2 core schema nulls; quoted or tagged scalars are text
    private static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>Assembles nodes iteratively (no recursion), so depth is bounded only by <see cref="MaxDepth"/>.</summary>
    private sealed class TreeBuilder
    {
        private readonly Stack<Frame> _open = new();
        private readonly Dictionary<string, YamlValue> _anchors = new(StringComparer.Ordinal);

        public YamlValue? Root { get; private set; }

        public bool HasRoot { get; private set; }

        public void Add(YamlValue value, AnchorName anchor)
        {
            Remember(value, anchor);
            Attach(value);
        }

        public bool AddAlias(AnchorName name)
        {
            if (!_anchors.TryGetValue(name.Value, out var value))
                return false;
            Attach(value);
            return true;
        }

        public bool Open(YamlValue container, AnchorName anchor)
        {
            if (_open.Count >= MaxDepth)
                return false;
            Add(container, anchor);
            _open.Push(new Frame(container));
            return true;
        }

        public void Close()
        {
            if (_open.Count > 0)
                _open.Pop();
        }

        private void Remember(YamlValue value, AnchorName anchor)
        {
            if (!anchor.IsEmpty)
                _anchors[anchor.Value] = value;
        }

        private void Attach(YamlValue value)
        {
            if (_open.Count == 0)
            {
                if (!HasRoot)
                    (Root, HasRoot) = (value, true);
                return;
            }
            var frame = _open.Peek();
            switch (frame.Container)
            {
                case YamlList list:
                    list.Items.Add(value);
                    break;
                case YamlMap map when frame.AwaitingValue:
                    if (frame.Key is not null)
                        map.Entries[frame.Key] = value;
                    (frame.Key, frame.AwaitingValue) = (null, false);
                    break;
                case YamlMap:
                    // a key: complex keys (lists, maps) and null keys are read past, their values dropped
                    (frame.Key, frame.AwaitingValue) = ((value as YamlText)?.Value, true);
                    break;
            }
        }

        private sealed class Frame(YamlValue container)
        {
            public YamlValue Container { get; } = container;

            public string? Key { get; set; }

            public bool AwaitingValue { get; set; }
        }
    }
}
