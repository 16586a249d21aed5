using System.Collections.Frozen;
using System.Globalization;
using HubWatch.Hub.Cards.Yaml;

namespace HubWatch.Hub.Cards;

/// <summary>
/// Reads a mergekit config (<c>mergekit_config.yml</c>, or the copy embedded in a card) into a <see cref="DeclaredMerge"/>.
/// Never throws: unreadable YAML gives a <see cref="DeclaredMerge"/> with <see cref="DeclaredMerge.Error"/> set.
/// </summary>
public static class MergekitConfig
{
    /// <summary>mergekit's merge methods (its <c>docs/merge_methods.md</c>).</summary>
    public static readonly IReadOnlySet<string> KnownMethods = FrozenSet.ToFrozenSet(
    [
        "linear", "slerp", "nuslerp", "multislerp", "karcher",
        "task_arithmetic", "ties", "dare_linear", "dare_ties", "della", "della_linear",
        "breadcrumbs", "breadcrumbs_ties", "sce",
        "model_stock", "nearswap", "arcee_fusion", "passthrough",
    ], StringComparer.Ordinal);

    public static DeclaredMerge Parse(string? yaml) => FromRead(YamlReader.Read(yaml ?? ""));

    /// <summary>
    /// The config in the first fenced <c>```yaml</c> block of a card that mentions <c>merge_method</c> (mergekit's and
    /// LazyMergekit's card templates embed it); null when the card has none. When the block cannot be read whole, the
    /// lines before the error are tried: a card whose closing fence sits after more Markdown (2PRYMMAL-Yi1.5-6B-SLERP
    /// puts its licence section inside the block) still declares its merge above that.
    /// </summary>
    public static DeclaredMerge? FromCardBody(string? readme)
    {
        if (string.IsNullOrEmpty(readme))
            return null;
        var text = readme.Length > YamlReader.MaxInputChars ? readme[..YamlReader.MaxInputChars] : readme;
        var block = FencedBlocks.Yaml(text).FirstOrDefault(b => b.Contains("merge_method", StringComparison.Ordinal));
        if (block is null)
            return null;
        var read = YamlReader.Read(block);
        if (read.Problem is not null && read.Line is > 1 and var line)
        {
            var before = FromRead(YamlReader.Read(string.Join('\n', block.Split('\n').Take(line - 1))));
            if (before.Error is null && before.Method is not null)
                return before;
        }
        return FromRead(read);
    }

    private static DeclaredMerge FromRead(YamlReadResult read) => read switch
    {
        { Problem: not null } => new DeclaredMerge { Error = read.Error() },
        { Root: YamlMap map } => FromMap(map),
        { Root: null or YamlText { Value: null } } => new DeclaredMerge { Error = "empty mergekit config" },
        _ => new DeclaredMerge { Error = "mergekit config is not a YAML mapping" },
    };

    private static DeclaredMerge FromMap(YamlMap map)
    {
        var inputs = new DeclaredInputs();
        foreach (var entry in Items(map.Get("models")))
            inputs.Add(entry);
        foreach (var slice in Items(map.Get("slices")).OfType<YamlMap>())
        {
            foreach (var source in Items(slice.Get("sources")))
                inputs.Add(source);
        }
        var method = map.Get("merge_method")?.Text()?.ToLowerInvariant();
        return new DeclaredMerge
        {
            // mergekit refuses a config without one; what else it declares is still read
            Error = method is null ? "mergekit config has no merge_method" : null,
            Method = method,
            BaseModel = map.Get("base_model")?.Text(),
            Models = inputs.Models,
            Dtype = map.Get("dtype")?.Text()?.ToLowerInvariant(),
            Weights = inputs.Weights,
            Densities = inputs.Densities,
        };
    }

    private static IEnumerable<YamlValue> Items(YamlValue? value) => value is YamlList list ? list.Items : [];

    /// <summary>The models of <c>models:</c> and <c>slices:</c> entries with their plain-number parameters.</summary>
    private sealed class DeclaredInputs
    {
        private readonly List<string> _models = [];
        private readonly Dictionary<string, double?> _weights = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double?> _densities = new(StringComparer.Ordinal);

        public IReadOnlyList<string> Models => _models;

        public IReadOnlyDictionary<string, double?> Weights => _weights;

        public IReadOnlyDictionary<string, double?> Densities => _densities;

        /// <summary>An entry is <c>{model: id, parameters: {...}}</c>; a bare id is taken too.</summary>
        public void Add(YamlValue entry)
        {
            var model = entry is YamlMap map ? map.Get("model")?.Text() : entry.Text();
            if (model is null)
                return;
            if (!_models.Contains(model, StringComparer.Ordinal))
                _models.Add(model);
            var parameters = (entry as YamlMap)?.Get("parameters") as YamlMap;
            Declare(_weights, model, parameters?.Get("weight"));
            Declare(_densities, model, parameters?.Get("density"));
        }

        private static void Declare(Dictionary<string, double?> declared, string model, YamlValue? value)
        {
            if (value is null)
                return;
            var number = PlainNumber(value);
            // a model met twice with two different values has no single declared value
            declared[model] = declared.TryGetValue(model, out var earlier) && earlier != number ? null : number;
        }

        private static double? PlainNumber(YamlValue value) =>
            value.Text() is { } text
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
                ? number
                : null;
    }
}
