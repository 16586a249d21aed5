using System.Text;
using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

/// <summary>
/// Cards are uploader-written and untrusted: every parser returns on these, with an error or nothing declared, and
/// never throws. No timings are asserted; a regression shows as a hung or crashed test run.
/// </summary>
public sealed class HostileInputTests
{
    private const int TenMegabytes = 10 << 20;

    /// <summary>Classic "billion laughs": nine levels of nine aliases, 9⁹ strings if expanded.</summary>
    private static string AliasBomb()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append($"{level}: &{level} [{string.Join(",", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }
        return yaml.Append("tags: *i\nbase_model: *i\nlicense: *i\n").ToString();
    }

    public static TheoryData<string, string> FrontMatters() => new()
    {
        { "alias bomb", AliasBomb() },
        { "deep flow nesting", new string('[', 500_000) + new string(']', 500_000) },
        { "deep flow mapping", new string('{', 900_000) },
        { "deep block nesting", string.Concat(Enumerable.Range(0, 1_400).Select(i => new string(' ', i) + "- \n")) },
        { "undefined alias", "license: *nowhere\n" },
        { "a list", "- a\n- b\n" },
        { "a scalar", "just words" },
        { "invalid YAML", "license: [mit\nbase_model: {a: \n" },
        { "broken flow that throws InvalidOperationException", "a: [1,\nb: 2\n" },
        { "tabs", "tags:\n\t- a\n" },
        { "a key of a million characters", new string('k', 1_000_000) + ": v\n" },
        { "a flow list of 300,000 entries", "[" + string.Concat(Enumerable.Repeat("a,", 300_000)) + "]" },
        { "many documents", string.Concat(Enumerable.Repeat("a: 1\n...\n", 100_000)) },
        { "control characters", "license: \u0000\u0001\u0002\nbase_model: \uFFFF\n" },
        { "ten megabytes of keys", string.Concat(Enumerable.Repeat("key: value\n", TenMegabytes / 11)) },
    };

    [Theory]
    [MemberData(nameof(FrontMatters))]
    public void Hostile_front_matter_returns_facts(string name, string yaml)
    {
        var facts = CardFrontMatter.Parse($"---\n{yaml}\n---\nBody.\n");
        // nothing a hostile card holds becomes a declared origin or licence
        Assert.False(facts.StatesProvenance, name);
        Assert.False(facts.ClaimsFromScratch, name);
        Assert.Empty(facts.BaseModels);
        Assert.Null(facts.BaseModelRelation);
        Assert.True(facts.License is null or { Length: < 100 }, name);
        if (facts.Error is { } error)
            Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [MemberData(nameof(FrontMatters))]
    public void Hostile_yaml_is_no_merge_config(string name, string yaml)
    {
        var merge = MergekitConfig.Parse(yaml);
        Assert.Null(merge.Method);
        Assert.Empty(merge.Models);
        Assert.NotNull(merge.Error);
        Assert.DoesNotContain('\n', merge.Error);
        _ = name;
    }

    [Theory]
    [MemberData(nameof(FrontMatters))]
    public void Hostile_yaml_in_a_card_body_never_throws(string name, string yaml)
    {
        var merge = MergekitConfig.FromCardBody($"# Card\n```yaml\nmerge_method: linear\n{yaml}\n```\n");
        // no config found, or one that names no model; never a method the text does not hold
        Assert.True(merge is null || merge.Models.Count == 0 && merge.Method is null or "linear" && merge.Error?.Contains('\n', StringComparison.Ordinal) != true, name);
    }

    [Theory]
    [InlineData("license: mit\nbase_model: \uFFFF\n", 2)]
    [InlineData("license: \u0000\n", 1)]
    [InlineData("tags: [a]\n\nbase_model: x\u0007y\n", 3)]
    public void Non_printable_characters_are_refused_as_yaml_refuses_them(string yaml, int yamlLine)
    {
        var facts = CardFrontMatter.Parse($"---\n{yaml}---\n");
        Assert.Empty(facts.BaseModels);
        // the card's line: the front matter starts on line 2
        Assert.Contains($"at line {yamlLine + 1}", facts.Error);
        Assert.StartsWith("non-printable character", facts.Error);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        // built at run time: an attribute argument would store it as U+FFFD
        var facts = CardFrontMatter.Parse("---\nbase_model: a" + (char)0xD800 + "b\n---\n");
        Assert.Empty(facts.BaseModels);
        Assert.StartsWith("non-printable character U+D800 at line 2", facts.Error);
    }

    [Fact]
    public void Printable_unicode_including_emoji_is_read()
    {
        var facts = CardFrontMatter.Parse("---\nlicense_name: ライセンス 🧩\ntags: [\u00A0x]\n---\n");
        Assert.Null(facts.Error);
        Assert.Equal("ライセンス 🧩", facts.LicenseName);
    }

    [Fact]
    public void The_alias_bomb_is_read_without_expanding_and_its_lists_hold_no_text()
    {
        var facts = CardFrontMatter.Parse($"---\n{AliasBomb()}---\n");
        Assert.Null(facts.Error);
        // tags and base_model are lists of lists: no text entries to take
        Assert.Empty(facts.Tags);
        Assert.Empty(facts.BaseModels);
        Assert.Null(facts.License);
    }

    [Fact]
    public void Deep_nesting_is_refused_with_a_reason()
    {
        var facts = CardFrontMatter.Parse($"---\nbase_model: {new string('[', 100)}a{new string(']', 100)}\n---\n");
        Assert.True(facts.HasFrontMatter);
        Assert.Contains("nested deeper than", facts.Error);
    }

    [Fact]
    public void Nesting_within_the_limit_is_read()
    {
        var facts = CardFrontMatter.Parse($"---\nlicense: mit\nextra: {new string('[', 50)}a{new string(']', 50)}\n---\n");
        Assert.Null(facts.Error);
        Assert.Equal("mit", facts.License);
    }

    [Fact]
    public void Ten_megabytes_of_text_without_front_matter_are_read_up_to_the_cap()
    {
        var body = new string('x', TenMegabytes) + "\nThis model was trained from scratch.";
        var facts = CardFrontMatter.Parse(body);
        Assert.False(facts.HasFrontMatter);
        // the claim sits past the first megabyte, which is all that is read
        Assert.False(facts.ClaimsFromScratch);
        Assert.True(CardFrontMatter.Parse("This model was trained from scratch.\n" + body).ClaimsFromScratch);
    }

    [Fact]
    public void A_front_matter_that_closes_past_the_cap_is_unterminated()
    {
        var facts = CardFrontMatter.Parse("---\nlicense: mit\n" + string.Concat(Enumerable.Repeat("# padding\n", TenMegabytes / 10)) + "---\n");
        Assert.False(facts.HasFrontMatter);
        Assert.NotNull(facts.Error);
        Assert.Null(facts.License);
    }

    [Fact]
    public void An_unterminated_front_matter_is_no_front_matter_with_a_reason()
    {
        var facts = CardFrontMatter.Parse("---\nlicense: mit\nbase_model: a/b\n");
        Assert.False(facts.HasFrontMatter);
        Assert.Equal("front matter opened with '---' but never closed", facts.Error);
        Assert.Empty(facts.BaseModels);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("---")]
    [InlineData("\n\n\n")]
    [InlineData("# Just a title")]
    public void Empty_and_bare_cards_have_no_front_matter(string? card)
    {
        var facts = CardFrontMatter.Parse(card);
        Assert.False(facts.HasFrontMatter);
        Assert.False(facts.StatesProvenance);
    }

    [Fact]
    public void Ten_megabytes_of_yaml_are_refused_as_a_config()
    {
        var merge = MergekitConfig.Parse("merge_method: linear\n" + string.Concat(Enumerable.Repeat("k: v\n", TenMegabytes / 5)));
        Assert.NotNull(merge.Error);
        Assert.Null(merge.Method);
    }

    [Fact]
    public void Ten_megabytes_of_json_give_no_version()
    {
        var json = "{\"weight_map\": {" + string.Join(",", Enumerable.Range(0, 400_000).Select(i => $"\"t{i}\": \"x\"")) + "}, \"metadata\": {\"mergekit_version\": \"1\"}}";
        Assert.True(json.Length > TenMegabytes / 2);
        Assert.Equal("1", ShardIndex.MergekitVersion(json));
        Assert.Null(ShardIndex.MergekitVersion(json[..^2]));
    }
}
