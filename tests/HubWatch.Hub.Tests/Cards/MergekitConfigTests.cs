using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

public sealed class MergekitConfigTests
{
    [Fact]
    public void Models_from_both_syntaxes_are_distinct_in_order_of_first_appearance()
    {
        var merge = MergekitConfig.Parse("""
            models:
              - model: b/two
              - model: a/one
            slices:
              - sources:
                  - model: a/one
                    layer_range: [0, 8]
                  - model: c/three
                    layer_range: [0, 8]
              - sources:
                  - model: b/two
                    layer_range: [8, 16]
            merge_method: Passthrough
            base_model: z/base
            dtype: BFloat16
            """);
        Assert.Null(merge.Error);
        Assert.Equal(["b/two", "a/one", "c/three"], merge.Models);
        Assert.Equal("passthrough", merge.Method);
        Assert.Equal("bfloat16", merge.Dtype);
        Assert.Equal("z/base", merge.BaseModel);
    }

    [Fact]
    public void A_model_declared_twice_with_different_weights_has_no_single_weight()
    {
        var merge = MergekitConfig.Parse("""
            slices:
              - sources:
                  - model: a/one
                    parameters: {weight: 0.25}
                  - model: b/two
                    parameters: {weight: 0.5}
              - sources:
                  - model: a/one
                    parameters: {weight: 0.75}
                  - model: b/two
                    parameters: {weight: 0.5}
            merge_method: linear
            """);
        Assert.Null(merge.Weights["a/one"]);
        Assert.Equal(0.5, merge.Weights["b/two"]);
    }

    [Fact]
    public void Models_without_a_parameter_have_no_entry_for_it()
    {
        var merge = MergekitConfig.Parse("models:\n  - model: a/one\n    parameters:\n      weight: 1\n  - model: b/two\nmerge_method: linear\n");
        Assert.Equal(["a/one", "b/two"], merge.Models);
        Assert.Equal(1.0, merge.Weights["a/one"]);
        Assert.False(merge.Weights.ContainsKey("b/two"));
        Assert.Empty(merge.Densities);
    }

    [Theory]
    [InlineData("weight: .nan")]
    [InlineData("weight: .inf")]
    [InlineData("weight: heavy")]
    [InlineData("weight: [0.1, 0.9]")]
    [InlineData("weight: {filter: mlp, value: 0.5}")]
    public void Weights_that_are_not_plain_finite_numbers_are_null(string weight)
    {
        var merge = MergekitConfig.Parse($"models:\n  - model: a/one\n    parameters:\n      {weight}\nmerge_method: linear\n");
        Assert.Null(merge.Error);
        Assert.True(merge.Weights.ContainsKey("a/one"));
        Assert.Null(merge.Weights["a/one"]);
    }

    [Theory]
    [InlineData("merge_method: [linear")]
    [InlineData("models:\n\t- model: x")]
    [InlineData("a: [1,\nb: 2\n")] // YamlDotNet 18.1 throws InvalidOperationException here
    [InlineData("- just\n- a list")]
    [InlineData("just a scalar")]
    [InlineData("")]
    [InlineData("# only a comment")]
    public void Unreadable_configs_give_an_error_and_never_throw(string yaml)
    {
        var merge = MergekitConfig.Parse(yaml);
        Assert.NotNull(merge.Error);
        Assert.DoesNotContain('\n', merge.Error);
        Assert.Null(merge.Method);
        Assert.Empty(merge.Models);
    }

    [Fact]
    public void A_config_without_merge_method_is_an_error_but_its_models_are_read()
    {
        var merge = MergekitConfig.Parse("models:\n  - model: a/one\ndtype: float16\n");
        Assert.Equal("mergekit config has no merge_method", merge.Error);
        Assert.Null(merge.Method);
        Assert.Equal(["a/one"], merge.Models);
    }

    [Fact]
    public void A_card_body_gives_the_first_yaml_block_that_names_a_merge_method()
    {
        const string card = """
            ---
            tags: [merge]
            ---
            # Model
            ```yaml
            note: not a config
            ```
            ```python
            merge_method = "not yaml"
            ```
            ```YAML
            models:
              - model: a/one
            merge_method: ties
            ```
            ```yaml
            merge_method: slerp
            ```
            """;
        var merge = MergekitConfig.FromCardBody(card);
        Assert.NotNull(merge);
        Assert.Equal("ties", merge.Method);
        Assert.Equal(["a/one"], merge.Models);
    }

    [Theory]
    [InlineData("# A model\nNo config here.\n")]
    [InlineData("```yaml\nmodels: []\n```\n")]
    [InlineData("merge_method: linear outside any block\n")]
    [InlineData("")]
    [InlineData(null)]
    public void A_card_without_an_embedded_config_gives_null(string? card) => Assert.Null(MergekitConfig.FromCardBody(card));

    [Fact]
    public void An_unclosed_block_runs_to_the_end_of_the_card()
    {
        var merge = MergekitConfig.FromCardBody("# M\n```yaml\nmerge_method: linear\nmodels:\n  - model: a/b\n");
        Assert.NotNull(merge);
        Assert.Equal("linear", merge.Method);
        Assert.Equal(["a/b"], merge.Models);
    }

    [Fact]
    public void An_embedded_config_broken_above_its_merge_method_reports_the_error()
    {
        var merge = MergekitConfig.FromCardBody("```yaml\nmodels: [a/b\nmerge_method: linear\n```\n");
        Assert.NotNull(merge);
        Assert.NotNull(merge.Error);
    }
}
