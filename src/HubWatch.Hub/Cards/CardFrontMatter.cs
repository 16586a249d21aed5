using HubWatch.Domain.Lineage;
using HubWatch.Hub.Cards.Yaml;

namespace HubWatch.Hub.Cards;

/// <summary>
/// Reads a model card (<c>README.md</c>): the YAML front matter between a first line <c>---</c> and the next line
/// <c>---</c> (leading blank lines allowed, as huggingface_hub allows them), then the Markdown body. Never throws:
/// broken or hostile input gives <see cref="CardFacts.HasFrontMatter"/> false or a one-line <see cref="CardFacts.Error"/>.
/// </summary>
public static class CardFrontMatter
{
    /// <summary>Only this many characters of a card are read; a front matter that closes later is not found.</summary>
    public const int MaxInputChars = 1 << 20;

    public static CardFacts Parse(string? readme)
    {
        var text = readme is null ? "" : readme.Length > MaxInputChars ? readme[..MaxInputChars] : readme;
        var split = CardSplit.Of(text);
        var facts = split switch
        {
            { FrontMatter: null, Unterminated: true } => new CardFacts { Error = "front matter opened with '---' but never closed" },
            { FrontMatter: null } => new CardFacts(),
            _ => FromYaml(split.FrontMatter, split.FrontMatterLine),
        };
        var claimsFromScratch = CardProse.ClaimsFromScratch(split.Body);
        return facts with
        {
            ClaimsFromScratch = claimsFromScratch,
            StatesProvenance = facts.BaseModels.Count > 0 || claimsFromScratch || CardProse.NamesBaseInProse(split.Body),
        };
    }

    private static CardFacts FromYaml(string yaml, int firstLine)
    {
        var read = YamlReader.Read(yaml);
        // errors name the card's line, not the front matter's
        if (read.Error(firstLine) is { } error)
            return new CardFacts { HasFrontMatter = true, Error = error };
        return read.Root switch
        {
            YamlMap map => FromMap(map),
            null or YamlText { Value: null } => new CardFacts { HasFrontMatter = true },
            YamlList => new CardFacts { HasFrontMatter = true, Error = "front matter is a YAML list, not a mapping" },
            _ => new CardFacts { HasFrontMatter = true, Error = "front matter is a single YAML value, not a mapping" },
        };
    }

    private static CardFacts FromMap(YamlMap map)
    {
        var baseModels = (map.Get("base_model")?.Texts() ?? []).Distinct(StringComparer.Ordinal).ToList();
        var relation = map.Get("base_model_relation")?.Text()?.ToLowerInvariant();
        return new CardFacts
        {
            HasFrontMatter = true,
            // the Hub expects one licence; a list is read by its first entry
            License = Licenses.Normalise(map.Get("license")?.Texts().FirstOrDefault()),
            LicenseName = map.Get("license_name")?.Text(),
            BaseModels = [.. baseModels.Where(m => !ModelReference.IsLocalPath(m))],
            LocalBaseModels = [.. baseModels.Where(ModelReference.IsLocalPath)],
            BaseModelRelation = relation is not null && Relations.Declarable.Contains(relation) ? relation : null,
            Tags = Distinct(map.Get("tags")),
            Datasets = Distinct(map.Get("datasets")),
            LibraryName = map.Get("library_name")?.Text(),
            PipelineTag = map.Get("pipeline_tag")?.Text(),
        };
    }

    private static IReadOnlyList<string> Distinct(YamlValue? value) => [.. (value?.Texts() ?? []).Distinct(StringComparer.Ordinal)];
}
