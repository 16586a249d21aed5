using HubWatch.Domain.Hub;

namespace HubWatch.Domain.Tests.Hub;

public sealed class RepoIdTests
{
    [Theory]
    [InlineData("meta-llama/Llama-3.1-8B", "meta-llama")]
    [InlineData("gpt2", null)]
    public void Author_is_the_namespace(string id, string? author) => Assert.Equal(author, RepoId.AuthorOf(id));

    [Theory]
    [InlineData("meta-llama/Llama-3.1-8B", true)]
    [InlineData("gpt2", true)]
    [InlineData("a/b/c", false)]
    [InlineData("../etc", false)]
    [InlineData("org/.hidden", false)]
    [InlineData("org/", false)]
    [InlineData("org/na me", false)]
    [InlineData("", false)]
    public void Only_hub_shaped_ids_are_valid(string id, bool valid) => Assert.Equal(valid, RepoId.IsValid(id));
}
