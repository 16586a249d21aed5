namespace HubWatch.Hub.Cards.Yaml;

/// <summary>
/// A YAML node as the card parsers need it: text, list or map. Aliases point at the anchored node itself, so an
/// alias "bomb" costs one reference per alias and never expands; callers only look a level or two deep.
/// </summary>
internal abstract class YamlValue
{
    /// <summary>The texts of a scalar or of a list's scalar items, trimmed, empty ones and nulls dropped.</summary>
    public IReadOnlyList<string> Texts()
    {
        IEnumerable<YamlValue> items = this is YamlList list ? list.Items : [this];
        return [.. items.OfType<YamlText>().Select(t => t.Value?.Trim()).OfType<string>().Where(t => t.Length > 0)];
    }

    /// <summary>The trimmed text of a scalar; null for a null, an empty text, a list or a map.</summary>
    public string? Text() => this is YamlText { Value: { } text } && text.Trim() is { Length: > 0 } trimmed ? trimmed : null;
}

internal sealed class YamlText(string? text) : YamlValue
{
    /// <summary>Null for YAML's null (<c>~</c>, <c>null</c>, or nothing at all).</summary>
    public string? Value { get; } = text;
}

internal sealed class YamlList : YamlValue
{
    public List<YamlValue> Items { get; } = [];
}

internal sealed class YamlMap : YamlValue
{
    /// <summary>Only text keys are kept; a repeated key keeps its last value, as PyYAML (and so the Hub) does.</summary>
    public Dictionary<string, YamlValue> Entries { get; } = new(StringComparer.Ordinal);

    public YamlValue? Get(string key) => Entries.GetValueOrDefault(key);
}
