using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

public sealed class CardFrontMatterTests
{
    private static CardFacts Card(string frontMatter, string body = "# A model\n") => CardFrontMatter.Parse($"---\n{frontMatter}\n---\n{body}");

    [Fact]
    public void Reads_every_declared_field()
    {
        var facts = Card("""
            license: Apache License 2.0
            license_name: ignored-unless-other
            base_model: meta-llama/Llama-3.1-8B
            base_model_relation: Finetune
            tags: [text-generation, sft]
            datasets:
            - HuggingFaceH4/ultrachat_200k
            library_name: transformers
            pipeline_tag: text-generation
            """);
        Assert.True(facts.HasFrontMatter);
        Assert.Null(facts.Error);
        Assert.Equal("apache-2.0", facts.License);
        Assert.Equal("ignored-unless-other", facts.LicenseName);
        Assert.Equal(["meta-llama/Llama-3.1-8B"], facts.BaseModels);
        Assert.Empty(facts.LocalBaseModels);
        Assert.Equal("finetune", facts.BaseModelRelation);
        Assert.Equal(["text-generation", "sft"], facts.Tags);
        Assert.Equal(["HuggingFaceH4/ultrachat_200k"], facts.Datasets);
        Assert.Equal("transformers", facts.LibraryName);
        Assert.Equal("text-generation", facts.PipelineTag);
        Assert.True(facts.StatesProvenance);
    }

    [Fact]
    public void Other_license_keeps_its_name()
    {
        var facts = Card("license: other\nlicense_name: qwen-research");
        Assert.Equal("other", facts.License);
        Assert.Equal("qwen-research", facts.LicenseName);
    }

    [Fact]
    public void A_list_of_base_models_drops_empty_entries_and_nulls_and_keeps_order()
    {
        var facts = Card("base_model:\n- b/second\n- ''\n- \n- ~\n- a/first\n- b/second");
        Assert.Equal(["b/second", "a/first"], facts.BaseModels);
    }

    [Theory]
    [InlineData("base_model:")]
    [InlineData("base_model: []")]
    [InlineData("base_model: ''")]
    [InlineData("base_model: null")]
    [InlineData("base_model: {repo: x/y}")]
    public void An_empty_or_odd_base_model_is_no_base_model(string line)
    {
        var facts = Card(line);
        Assert.Null(facts.Error);
        Assert.Empty(facts.BaseModels);
        Assert.False(facts.StatesProvenance);
    }

    [Fact]
    public void Local_paths_are_kept_apart_from_hub_ids()
    {
        var facts = Card("base_model:\n- D:/Uni/Masterarbeit Code/finetuned\n- ./models/x\n- Qwen/Qwen2.5-7B\n- /home/me/ckpt\n- C:\\models\\llama");
        Assert.Equal(["Qwen/Qwen2.5-7B"], facts.BaseModels);
        Assert.Equal(["D:/Uni/Masterarbeit Code/finetuned", "./models/x", "/home/me/ckpt", "C:\\models\\llama"], facts.LocalBaseModels);
    }

    [Fact]
    public void Only_local_base_models_state_no_provenance()
    {
        var facts = Card("base_model: ./models/x", body: "Some text.\n");
        Assert.Empty(facts.BaseModels);
        Assert.Equal(["./models/x"], facts.LocalBaseModels);
        Assert.False(facts.StatesProvenance);
    }

    [Theory]
    [InlineData("adapter", "adapter")]
    [InlineData("MERGE", "merge")]
    [InlineData(" quantized ", "quantized")]
    [InlineData("quantised", null)]
    [InlineData("distillation", null)]
    [InlineData("[merge]", null)]
    public void Base_model_relation_is_one_the_hub_accepts_or_null(string written, string? read) =>
        Assert.Equal(read, Card($"base_model: x/y\nbase_model_relation: {written}").BaseModelRelation);

    [Fact]
    public void Tags_and_datasets_may_be_a_single_string()
    {
        var facts = Card("tags: merge\ndatasets: tatsu-lab/alpaca");
        Assert.Equal(["merge"], facts.Tags);
        Assert.Equal(["tatsu-lab/alpaca"], facts.Datasets);
    }

    [Fact]
    public void A_license_list_is_read_by_its_first_entry() => Assert.Equal("mit", Card("license:\n- MIT\n- apache-2.0").License);

    [Fact]
    public void A_repeated_key_keeps_the_last_value_as_pyyaml_does()
    {
        var facts = Card("license: mit\nlicense: apache-2.0");
        Assert.Null(facts.Error);
        Assert.Equal("apache-2.0", facts.License);
    }

    [Fact]
    public void Anchors_and_aliases_resolve()
    {
        var facts = Card("base_model: &base x/base\ntags: [a, *base]");
        Assert.Equal(["x/base"], facts.BaseModels);
        Assert.Equal(["a", "x/base"], facts.Tags);
    }

    [Fact]
    public void Windows_line_endings_a_bom_and_leading_blank_lines_are_accepted()
    {
        var facts = CardFrontMatter.Parse("\uFEFF\r\n---\r\nlicense: mit\r\nbase_model: a/b\r\n---  \r\n# Title\r\n");
        Assert.True(facts.HasFrontMatter);
        Assert.Equal("mit", facts.License);
        Assert.Equal(["a/b"], facts.BaseModels);
    }

    [Fact]
    public void An_empty_front_matter_is_front_matter_with_nothing_declared()
    {
        var facts = CardFrontMatter.Parse("---\n---\n# Model\n");
        Assert.True(facts.HasFrontMatter);
        Assert.Null(facts.Error);
        Assert.Empty(facts.Tags);
        Assert.Null(facts.License);
    }

    [Fact]
    public void A_fence_that_is_not_the_first_line_is_no_front_matter()
    {
        var facts = CardFrontMatter.Parse("# Model\n---\nlicense: mit\n---\n");
        Assert.False(facts.HasFrontMatter);
        Assert.Null(facts.License);
    }

    [Fact]
    public void A_fence_followed_by_text_does_not_close_the_front_matter()
    {
        var facts = CardFrontMatter.Parse("---\nlicense: mit\n--- trailing\n# Body\n");
        Assert.False(facts.HasFrontMatter);
        Assert.NotNull(facts.Error);
        Assert.Null(facts.License);
    }

    [Fact]
    public void Errors_name_the_card_line()
    {
        // card line 1 "---", line 2 "license: mit", line 3 a key indented under a scalar value
        var facts = CardFrontMatter.Parse("---\nlicense: mit\n tags: x\n---\n");
        Assert.True(facts.HasFrontMatter);
        Assert.NotNull(facts.Error);
        Assert.StartsWith("invalid YAML at line 3", facts.Error);
        Assert.DoesNotContain('\n', facts.Error);
    }
}
