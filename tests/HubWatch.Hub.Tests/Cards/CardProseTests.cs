using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

public sealed class CardProseTests
{
    private static CardFacts Body(string body) => CardFrontMatter.Parse($"---\nlicense: mit\n---\n{body}");

    [Theory]
    [InlineData("This model was trained from scratch on 2T tokens.")]
    [InlineData("Pre-trained from Scratch on our corpus.")]
    [InlineData("We PRETRAINED FROM SCRATCH.")]
    public void A_from_scratch_claim_states_provenance(string body)
    {
        var facts = Body(body);
        Assert.True(facts.ClaimsFromScratch);
        Assert.True(facts.StatesProvenance);
    }

    [Theory]
    [InlineData("This model is a fine-tuned version of [gpt2](https://huggingface.co/gpt2) on an unknown dataset.")]
    [InlineData("This model is a finetuned version of gpt2.")]
    [InlineData("This is a merge of pre-trained language models created using mergekit.")]
    [InlineData("A quantized version of Llama-3-8B.")]
    [InlineData("A quantised version of Llama-3-8B.")]
    [InlineData("Based on [Mistral-7B](https://huggingface.co/mistralai/Mistral-7B-v0.1).")]
    public void A_base_named_in_prose_states_provenance(string body)
    {
        var facts = Body(body);
        Assert.False(facts.ClaimsFromScratch);
        Assert.True(facts.StatesProvenance);
    }

    [Theory]
    [InlineData("# My model\n\nA great chat model. Try it!")]
    [InlineData("Based on our experiments it is good.")]
    [InlineData("A version of something.")]
    public void A_card_that_says_none_of_it_states_no_provenance(string body) => Assert.False(Body(body).StatesProvenance);

    [Fact]
    public void Phrases_in_the_front_matter_do_not_count_as_prose()
    {
        var facts = CardFrontMatter.Parse("---\nmodel_description: trained from scratch\n---\nA model.\n");
        Assert.False(facts.ClaimsFromScratch);
        Assert.False(facts.StatesProvenance);
    }

    [Fact]
    public void A_card_without_front_matter_is_all_body()
    {
        var facts = CardFrontMatter.Parse("# X\nThis model is a fine-tuned version of [y](https://huggingface.co/y).");
        Assert.False(facts.HasFrontMatter);
        Assert.True(facts.StatesProvenance);
    }
}
