using HubWatch.DemoHub.Serving;
using HubWatch.Hub.Api;
using HubWatch.Testing;

namespace HubWatch.Hub.Tests.Api;

/// <summary>The client against a hub over real HTTP: the demo hub on a loopback port.</summary>
public sealed class HubClientTests : IAsyncLifetime
{
    private DemoHubServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await TestHub.ServeAsync();
        _http = new HttpClient { BaseAddress = _server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private HubClient Client => new(_http);

    [Fact]
    public async Task Pages_chain_through_Link_headers_and_cover_every_model_once_newest_first()
    {
        var seen = new List<HubModelInfo>();
        var pages = 0;
        for (Uri? page = HubClient.NewestFirst(pageSize: 100); page is not null; pages++)
        {
            var result = await Client.GetModelPageAsync(page, CancellationToken.None);
            Assert.Empty(result.Errors);
            seen.AddRange(result.Models);
            page = result.Next;
        }

        Assert.Equal((TestHub.ModelCount + 99) / 100, pages);
        Assert.Equal(TestHub.ModelCount, seen.Select(m => m.Id).Distinct().Count());
        Assert.Equal(seen.Count, seen.Select(m => m.Id).Distinct().Count());
        var created = seen.Select(m => m.CreatedAt!.Value).ToList();
        Assert.Equal(created.OrderDescending(), created);
        Assert.All(seen, m => Assert.NotEmpty(m.Siblings)); // expand[]=siblings was asked for
    }

    [Fact]
    public async Task Model_info_carries_the_card_and_unknown_ids_are_null()
    {
        var merge = TestHub.Hub.Repos.First(r => r.Tags.Contains("mergekit") && r.CardData["base_model"] is not null);
        var model = await Client.GetModelAsync(merge.Id, CancellationToken.None);

        Assert.Equal(merge.Id, model!.Id);
        Assert.Contains("mergekit", model.CardData!.CardTags);
        Assert.NotEmpty(model.CardData.BaseModel);
        Assert.True(model.Safetensors!.Total > 0);
        Assert.Null(await Client.GetModelAsync("nobody/nothing", CancellationToken.None));
    }

    [Fact]
    public async Task The_file_tree_gives_each_weight_file_its_size_and_LFS_sha256()
    {
        var repo = TestHub.Hub.Repos.First(r => r.Files.Any(f => f.Path == "model.safetensors"));
        var tree = await Client.GetTreeAsync(repo.Id, repo.Sha, CancellationToken.None);

        Assert.Equal(repo.Files.Select(f => f.Path).Order(), tree.Select(e => e.Path).Order());
        var weights = tree.Single(e => e.Path == "model.safetensors");
        Assert.Equal(64, weights.Lfs!.Sha256!.Length);
        Assert.Equal(weights.Size, weights.Lfs.Size);
        Assert.All(tree.Where(e => e.Path.EndsWith(".md", StringComparison.Ordinal)), e => Assert.Null(e.Lfs));
    }

    [Fact]
    public async Task Config_json_is_never_fetched_through_resolve()
    {
        var repo = TestHub.Hub.Repos.First(r => r.Files.Any(f => f.Path == "config.json"));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client.GetTextFileAsync(repo.Id, "main", "config.json", CancellationToken.None));
        Assert.Contains("download", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("---", await Client.GetTextFileAsync(repo.Id, "main", "README.md", CancellationToken.None), StringComparison.Ordinal);
        Assert.Null(await Client.GetTextFileAsync(repo.Id, "main", "no-such-file.txt", CancellationToken.None));
    }

    [Fact]
    public async Task A_malformed_element_costs_that_model_only()
    {
        _server.Faults.MalformedElementRate = 0.1;
        var page = await Client.GetModelPageAsync(HubClient.NewestFirst(100), CancellationToken.None);

        Assert.InRange(page.Errors.Count, 1, 30);
        Assert.Equal(100, page.Models.Count + page.Errors.Count);
        Assert.All(page.Errors, e => Assert.NotNull(e.Id));
        Assert.NotNull(page.Next);
    }

    [Fact]
    public async Task A_hub_error_is_a_clear_exception_naming_the_status()
    {
        _server.Faults.ServerErrorBurst = 1;
        var error = await Assert.ThrowsAsync<HubRequestException>(() => Client.GetModelPageAsync(HubClient.NewestFirst(10), CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }
}
