using HubWatch.Hub.Api;

namespace HubWatch.Hub.Tests.Api;

public sealed class LinkHeaderTests
{
    private static readonly Uri Request = new("https://huggingface.co/api/models?limit=10");

    [Fact]
    public void Reads_the_next_page_in_the_shape_a_hub_maintainer_documented()
    {
        // huggingface_hub PR #1176 (review comment, 2022-11-09), quoted in shared/realdata/hub-api/MANIFEST.md
        const string header = "<http://localhost:5564/api/models?limit=10&sort=likes&direction=-1&cursor=eyIkb3IiOlt7Imxpa2VzIjoyOTQsIl9pZCI6eyIkZ3QiOiI2MjFmZmRjMTM2NDY4ZDcwOWYxNzlhMTIifX0seyJsaWtlcyI6eyIkbHQiOjI5NH19XX0%3D>; rel=\"next\"";
        var next = LinkHeader.FindNext([header], Request);
        Assert.NotNull(next);
        Assert.Equal("localhost", next.Host);
        Assert.Contains("cursor=eyIkb3Ii", next.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Picks_next_among_several_links_and_resolves_relative_targets()
    {
        var next = LinkHeader.FindNext(["</api/models?page=1>; rel=\"prev\", </api/models?page=3>; rel=\"next\""], Request);
        Assert.Equal("https://huggingface.co/api/models?page=3", next!.AbsoluteUri);
    }

    [Theory]
    [InlineData("<https://huggingface.co/api/models?page=1>; rel=\"prev\"")]
    [InlineData("no angle brackets; rel=\"next\"")]
    [InlineData("")]
    public void Has_no_next_on_the_last_page_or_on_garbage(string header) => Assert.Null(LinkHeader.FindNext([header], Request));
}
