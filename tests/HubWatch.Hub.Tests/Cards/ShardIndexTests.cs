using HubWatch.Hub.Cards;

namespace HubWatch.Hub.Tests.Cards;

public sealed class ShardIndexTests
{
    [Fact]
    public void Reads_the_version_from_metadata() =>
        Assert.Equal("0.1.2", ShardIndex.MergekitVersion("""{"metadata": {"mergekit_version": "0.1.2", "total_size": 1}, "weight_map": {}}"""));

    [Theory]
    [InlineData("""{"metadata": {"total_size": 1}, "weight_map": {}}""")] // transformers' own index
    [InlineData("""{"metadata": {"mergekit_version": 4}}""")]
    [InlineData("""{"metadata": null}""")]
    [InlineData("""{"mergekit_version": "0.1"}""")]
    [InlineData("""[{"metadata": {"mergekit_version": "0.1"}}]""")]
    [InlineData("""{"metadata": {"mergekit_version": "0.1"}""")] // truncated
    [InlineData("not json")]
    [InlineData("")]
    [InlineData(null)]
    public void Gives_null_for_anything_else(string? json) => Assert.Null(ShardIndex.MergekitVersion(json));

    [Fact]
    public void Deeply_nested_json_is_null_not_an_exception() =>
        Assert.Null(ShardIndex.MergekitVersion(new string('[', 100_000) + new string(']', 100_000)));
}
