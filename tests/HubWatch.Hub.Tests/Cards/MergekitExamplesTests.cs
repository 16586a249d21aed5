using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

/// <summary>mergekit's own example configs (RealCards/mergekit-examples), read by eye for the expected values.</summary>
public sealed class MergekitExamplesTests
{
    private const string Orca = "psmathur/orca_mini_v3_13b";
    private const string Platypus = "garage-bAInd/Platypus2-13B";

    private static DeclaredMerge Example(string name) => MergekitConfig.Parse(RealCardFiles.Read($"mergekit-examples/{name}.yml"));

    [Fact]
    public void There_are_six_examples_and_each_names_a_known_method()
    {
        var merges = RealCardFiles.Find("*.yml", "mergekit-examples").Select(file => MergekitConfig.Parse(RealCardFiles.Read(file))).ToList();
        Assert.Equal(6, merges.Count);
        Assert.All(merges, merge => Assert.Null(merge.Error));
        Assert.All(merges, merge => Assert.Contains(merge.Method ?? "(none)", MergekitConfig.KnownMethods));
    }

    [Fact]
    public void Linear_weights_three_models_without_a_base()
    {
        var merge = Example("linear");
        Assert.Equal("linear", merge.Method);
        Assert.Equal([Orca, "WizardLM/WizardLM-13B-V1.2", Platypus], merge.Models);
        Assert.Null(merge.BaseModel);
        Assert.Equal("float16", merge.Dtype);
        Assert.Equal(1.0, merge.Weights[Orca]);
        Assert.Equal(0.3, merge.Weights["WizardLM/WizardLM-13B-V1.2"]);
        Assert.Equal(0.5, merge.Weights[Platypus]);
        Assert.Empty(merge.Densities);
    }

    [Fact]
    public void Ties_keeps_plain_numbers_and_nulls_gradients_and_filtered_values()
    {
        var merge = Example("ties");
        Assert.Equal("ties", merge.Method);
        Assert.Equal([Orca, Platypus, "WizardLM/WizardMath-13B-V1.0"], merge.Models);
        // the base is not among the inputs, so it is not in Models
        Assert.Equal("TheBloke/Llama-2-13B-fp16", merge.BaseModel);
        Assert.DoesNotContain("TheBloke/Llama-2-13B-fp16", merge.Models);

        Assert.Equal(1.0, merge.Weights[Orca]);
        Assert.True(merge.Weights.ContainsKey(Platypus));
        Assert.Null(merge.Weights[Platypus]); // [0, 0.3, 0.7, 1]
        Assert.Null(merge.Weights["WizardLM/WizardMath-13B-V1.0"]); // filter: mlp …
        Assert.Null(merge.Densities[Orca]); // [1, 0.7, 0.1]
        Assert.Equal(0.5, merge.Densities[Platypus]);
        Assert.Equal(0.33, merge.Densities["WizardLM/WizardMath-13B-V1.0"]);
    }

    [Fact]
    public void Gradient_slerp_with_filtered_t_lists_parses_its_slices()
    {
        var merge = Example("gradient-slerp");
        Assert.Equal("slerp", merge.Method);
        Assert.Equal([Orca, Platypus], merge.Models);
        Assert.Equal(Orca, merge.BaseModel);
        Assert.Equal("float16", merge.Dtype);
        Assert.Empty(merge.Weights);
    }

    [Fact]
    public void Passthrough_frankenmerge_takes_its_models_from_slices()
    {
        var merge = Example("orcamini-platy-44layer");
        Assert.Equal("passthrough", merge.Method);
        Assert.Equal([Orca, Platypus], merge.Models);
        Assert.Null(merge.BaseModel);
    }

    [Fact]
    public void Bio_merge_is_ties_of_two_with_half_weights_and_densities()
    {
        var merge = Example("bio-merge");
        Assert.Equal("ties", merge.Method);
        Assert.Equal(["mistralai/Mistral-7B-Instruct-v0.2", "BioMistral/BioMistral-7B"], merge.Models);
        Assert.Equal("mistralai/Mistral-7B-v0.1", merge.BaseModel);
        Assert.All(merge.Weights.Values, w => Assert.Equal(0.5, w));
        Assert.All(merge.Densities.Values, d => Assert.Equal(0.5, d));
        Assert.Equal(2, merge.Weights.Count);
        Assert.Equal(2, merge.Densities.Count);
    }

    [Fact]
    public void Arcee_fusion_lists_its_base_among_the_models()
    {
        var merge = Example("arcee_fusion");
        Assert.Equal("arcee_fusion", merge.Method);
        Assert.Equal(["model_a", "model_b"], merge.Models);
        Assert.Equal("model_a", merge.BaseModel);
        Assert.Equal("bfloat16", merge.Dtype);
    }
}
