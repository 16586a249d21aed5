using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

public sealed class ModelReferenceTests
{
    [Theory]
    [InlineData("D:/Uni/Masterarbeit Code/jakob_finetuning/finetuned_models/meta_llama_full_colab_remerge_2")]
    [InlineData("D:/Huggingface/hub/models--VAGOsolutions--Llama-3.1-SauerkrautLM-8b-Instruct/snapshots/221e5f92f9dc5fedaf4556b1be6b20642638643c")]
    [InlineData("c:model")]
    [InlineData("./models/x")]
    [InlineData("../x")]
    [InlineData("/home/user/ckpt")]
    [InlineData("~/ckpt")]
    [InlineData("models\\x")]
    [InlineData("output/run1/checkpoint-500")]
    public void Paths_on_the_uploaders_machine_are_local(string name) => Assert.True(ModelReference.IsLocalPath(name));

    [Theory]
    [InlineData("gpt2")]
    [InlineData("meta-llama/Llama-3.1-8B")]
    [InlineData("01-ai/Yi-1.5-6B-Chat")]
    [InlineData("model_a")]
    [InlineData("https://huggingface.co/meta-llama/Llama-3.1-8B")]
    public void Hub_ids_and_urls_are_not_local(string name) => Assert.False(ModelReference.IsLocalPath(name));
}
