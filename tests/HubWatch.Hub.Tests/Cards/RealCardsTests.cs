using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

/// <summary>
/// Every real card and mergekit config copied under <c>RealCards/</c>. Expected values come from reading the files
/// and their MANIFEST, not from running the parsers.
/// </summary>
public sealed class RealCardsTests
{
    private const string Absa = "absa-merges";

    public static TheoryData<string> Cards() => RealCardFiles.AsTheoryData(RealCardFiles.Find("README.md"));

    public static TheoryData<string> Configs() => RealCardFiles.AsTheoryData(RealCardFiles.Find("mergekit_config.yml"));

    public static TheoryData<string> CardsWithConfigs() => RealCardFiles.AsTheoryData(
        RealCardFiles.Find("README.md").Where(card => RealCardFiles.Exists($"{RealCardFiles.FolderOf(card)}/mergekit_config.yml")));

    private static string[] AbsaCards() => RealCardFiles.Find("README.md", Absa);

    private static DeclaredMerge ConfigBeside(string card) => MergekitConfig.Parse(RealCardFiles.Read($"{RealCardFiles.FolderOf(card)}/mergekit_config.yml"));

    [Fact]
    public void The_copies_hold_138_cards_and_139_configs_of_which_135_are_absa()
    {
        Assert.Equal(138, RealCardFiles.Find("README.md").Length);
        Assert.Equal(139, RealCardFiles.Find("mergekit_config.yml").Length);
        Assert.Equal(135, AbsaCards().Length);
        Assert.Equal(135, RealCardFiles.Find("mergekit_config.yml", Absa).Length);
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public void Every_card_has_readable_front_matter_and_states_its_provenance(string card)
    {
        var facts = CardFrontMatter.Parse(RealCardFiles.Read(card));
        Assert.True(facts.HasFrontMatter);
        Assert.Null(facts.Error);
        // every one is a mergekit card: tagged merge, and its body says "a merge of"
        Assert.Contains("merge", facts.Tags);
        Assert.True(facts.StatesProvenance);
        Assert.False(facts.ClaimsFromScratch);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void Every_config_parses_to_a_known_method_with_inputs(string config)
    {
        var merge = MergekitConfig.Parse(RealCardFiles.Read(config));
        Assert.Null(merge.Error);
        Assert.Contains(merge.Method ?? "(none)", MergekitConfig.KnownMethods);
        Assert.NotEmpty(merge.Models);
        // all but german/linear/linear_layer_specific name a dtype, and all of those a 16-bit float
        if (!config.Contains("linear_layer_specific", StringComparison.Ordinal))
            Assert.Contains(merge.Dtype, new[] { "bfloat16", "float16" });
    }

    [Theory]
    [MemberData(nameof(CardsWithConfigs))]
    public void The_config_embedded_in_a_card_declares_what_its_config_file_does(string card)
    {
        var config = ConfigBeside(card);
        var embedded = MergekitConfig.FromCardBody(RealCardFiles.Read(card));

        // every card beside a config embeds it (checked by reading them all)
        Assert.NotNull(embedded);
        Assert.Null(embedded.Error);
        Assert.Equal(config.Method, embedded.Method);
        Assert.Contains(embedded.Method ?? "(none)", MergekitConfig.KnownMethods);
        Assert.Equal(config.BaseModel, embedded.BaseModel);
        Assert.Equal(config.Models, embedded.Models);
        Assert.Equal(config.Dtype, embedded.Dtype);
        Assert.Equal(config.Weights.OrderBy(w => w.Key), embedded.Weights.OrderBy(w => w.Key));
        Assert.Equal(config.Densities.OrderBy(d => d.Key), embedded.Densities.OrderBy(d => d.Key));
    }

    [Fact]
    public void Absa_methods_count_as_the_manifest_says()
    {
        // realdata/cards/MANIFEST.md; the files agree with it (also checked by grepping merge_method)
        var manifest = new Dictionary<string, int>
        {
            ["dare_ties"] = 54,
            ["linear"] = 18,
            ["task_arithmetic"] = 14,
            ["della_linear"] = 13,
            ["slerp"] = 10,
            ["dare_linear"] = 7,
            ["della"] = 6,
            ["sce"] = 5,
            ["ties"] = 3,
            ["nearswap"] = 2,
            ["arcee_fusion"] = 1,
            ["karcher"] = 1,
            ["nuslerp"] = 1,
        };
        var counted = AbsaCards()
            .GroupBy(card => ConfigBeside(card).Method ?? "(none)")
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(manifest.OrderBy(m => m.Key), counted.OrderBy(c => c.Key));
        Assert.Equal(135, manifest.Values.Sum());
    }

    [Fact]
    public void Nineteen_absa_cards_have_an_empty_base_model_and_they_are_the_ones_written_as_an_empty_list()
    {
        var empty = AbsaCards().Where(card => CardFrontMatter.Parse(RealCardFiles.Read(card)) is { BaseModels.Count: 0, LocalBaseModels.Count: 0 }).ToList();
        var writtenEmpty = AbsaCards().Where(card => RealCardFiles.Read(card).Contains("\nbase_model: []\n", StringComparison.Ordinal)).ToList();
        Assert.Equal(19, empty.Count);
        Assert.Equal(writtenEmpty, empty);
    }

    [Theory]
    [MemberData(nameof(CardsWithConfigs))]
    public void A_mergekit_card_lists_as_base_models_exactly_the_hub_named_inputs_of_its_config(string card)
    {
        // mergekit writes base_model from the config's inputs and leaves out local paths; LazyMergekit does not
        // (1PARAMMYL lists one of three), so it is the exception
        if (card.Contains("1PARAMMYL", StringComparison.Ordinal))
            return;
        var facts = CardFrontMatter.Parse(RealCardFiles.Read(card));
        var config = ConfigBeside(card);
        var hubInputs = config.Models.Append(config.BaseModel).OfType<string>().Where(m => !ModelReference.IsLocalPath(m));
        Assert.Equal(hubInputs.ToHashSet(StringComparer.Ordinal), facts.BaseModels.ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_absa_config_merges_at_least_one_local_windows_path()
    {
        foreach (var card in AbsaCards())
        {
            var locals = ConfigBeside(card).Models.Append(ConfigBeside(card).BaseModel).OfType<string>().Where(ModelReference.IsLocalPath).ToList();
            Assert.NotEmpty(locals);
            Assert.All(locals, path => Assert.Matches("^[A-Z]:/", path));
        }
    }

    [Fact]
    public void Lazymergekit_card_1PARAMMYL_names_one_base_while_its_config_merges_three_by_model_stock()
    {
        const string folder = "github-mirrors/1PARAMMYL-8B-ModelStock";
        var facts = CardFrontMatter.Parse(RealCardFiles.Read($"{folder}/README.md"));
        var config = MergekitConfig.Parse(RealCardFiles.Read($"{folder}/mergekit_config.yml"));

        Assert.Equal(["arcee-ai/Llama-3.1-SuperNova-Lite"], facts.BaseModels);
        Assert.Contains("lazymergekit", facts.Tags);
        Assert.Null(facts.License);
        Assert.Equal("model_stock", config.Method);
        Assert.Equal(["arcee-ai/Llama-3.1-SuperNova-Lite", "DreadPoor/Heart_Stolen-8B-Model_Stock", "Dampfinchen/Llama-3.1-8B-Ultra-Instruct"], config.Models);
        Assert.Equal("arcee-ai/Llama-3.1-SuperNova-Lite", config.BaseModel);
        Assert.Equal("bfloat16", config.Dtype);
    }

    [Fact]
    public void Card_2PRYMMAL_lists_two_bases_under_apache_and_merges_them_by_slerp_with_filtered_t()
    {
        const string folder = "github-mirrors/2PRYMMAL-Yi1.5-6B-SLERP";
        var facts = CardFrontMatter.Parse(RealCardFiles.Read($"{folder}/README.md"));
        var config = MergekitConfig.Parse(RealCardFiles.Read($"{folder}/mergekit_config.yml"));

        Assert.Equal(["01-ai/Yi-1.5-6B-Chat", "01-ai/Yi-1.5-6B"], facts.BaseModels);
        Assert.Equal("apache-2.0", facts.License);
        Assert.Equal("transformers", facts.LibraryName);
        Assert.Equal(["mergekit", "merge"], facts.Tags);
        Assert.Equal("slerp", config.Method);
        Assert.Equal(["01-ai/Yi-1.5-6B-Chat", "01-ai/Yi-1.5-6B"], config.Models);
        Assert.Equal("01-ai/Yi-1.5-6B-Chat", config.BaseModel);
    }

    [Fact]
    public void Card_2PRYMMAL_closes_its_yaml_fence_after_the_license_section_and_the_merge_above_it_is_still_read()
    {
        var card = RealCardFiles.Read("github-mirrors/2PRYMMAL-Yi1.5-6B-SLERP/README.md");
        // the quirk itself: French licence prose between the config and the closing fence
        Assert.Matches(@"dtype: bfloat16\s+## Licence\s+Ce modèle[^`]*```\s*$", card);

        var embedded = MergekitConfig.FromCardBody(card);
        Assert.NotNull(embedded);
        Assert.Null(embedded.Error);
        Assert.Equal("slerp", embedded.Method);
        Assert.Equal("bfloat16", embedded.Dtype);
    }

    [Theory]
    [InlineData("1PARAMMYL-8B-ModelStock")]
    [InlineData("2PRYMMAL-Yi1.5-6B-SLERP")]
    [InlineData("3PRYMMAL-PHI3-3B-SLERP")]
    public void Shard_indexes_of_the_mirrors_carry_mergekit_version_0_0_4_4(string folder) =>
        Assert.Equal("0.0.4.4", ShardIndex.MergekitVersion(RealCardFiles.Read($"github-mirrors/{folder}/model.safetensors.index.json")));

    [Fact]
    public void The_config_without_a_card_is_a_slerp_of_two_qwen_derivatives_with_gradient_t()
    {
        var config = MergekitConfig.Parse(RealCardFiles.Read("github-mirrors/la-mia-intelligenza-artificiale/mergekit_config.yml"));
        Assert.Equal("slerp", config.Method);
        Assert.Equal(["huihui-ai/Qwen2.5-Coder-7B-Instruct-abliterated", "netcat420/qwen2.5-MFANN-7b-v1.1"], config.Models);
        Assert.Equal("huihui-ai/Qwen2.5-Coder-7B-Instruct-abliterated", config.BaseModel);
        Assert.Equal("float16", config.Dtype);
        Assert.Empty(config.Weights);
    }

    [Fact]
    public void An_absa_linear_merge_declares_its_weights_per_model()
    {
        // spanish/pt_gl_linear_80_20: 0.80 on the local fine-tune, 0.20 on Nos-PT/Llama-Carvalho-PT-GL
        var config = MergekitConfig.Parse(RealCardFiles.Read("absa-merges/spanish/pt_gl_linear_80_20/mergekit_config.yml"));
        const string local = "D:/Uni/Masterarbeit Code/jakob_finetuning/finetuned_models/meta_llama_full_colab_remerge_2";
        Assert.Equal("linear", config.Method);
        Assert.Equal([local, "Nos-PT/Llama-Carvalho-PT-GL"], config.Models);
        Assert.Equal(0.80, config.Weights[local]);
        Assert.Equal(0.20, config.Weights["Nos-PT/Llama-Carvalho-PT-GL"]);
        Assert.Null(config.BaseModel);
    }

    [Fact]
    public void The_layer_specific_linear_merge_takes_its_models_from_slices_and_its_slice_weight_list_is_not_per_model()
    {
        // german/linear/linear_layer_specific: a global weight 0.8 and a slice-level [0.9, 0.1]; no model declares one
        var config = MergekitConfig.Parse(RealCardFiles.Read("absa-merges/german/linear/linear_layer_specific/mergekit_config.yml"));
        Assert.Equal("linear", config.Method);
        Assert.Equal(2, config.Models.Count);
        Assert.Empty(config.Weights);
        Assert.Null(config.Dtype);
    }
}
