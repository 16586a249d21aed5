using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HubWatch.Hub.Api;
using HubWatch.Hub.DemoHub;
using HubWatch.Testing;

namespace HubWatch.Hub.Tests.DemoHub;

/// <summary>The demo hub over real HTTP, read by the same client that reads huggingface.co.</summary>
public sealed class DemoHubServerTests : IAsyncLifetime
{
    private DemoHubServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await DemoHubServer.StartAsync(RecordedHub.Catalog);
        _http = new HttpClient { BaseAddress = _server.BaseUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Pages_chain_through_Link_headers_and_cover_every_model_once_newest_first()
    {
        var client = new HubClient(_http);
        var seen = new List<HubModelInfo>();
        var pages = 0;
        for (Uri? page = HubClient.NewestFirst(pageSize: 10); page is not null; pages++)
        {
            var result = await client.GetModelPageAsync(page, CancellationToken.None);
            Assert.Empty(result.Errors);
            seen.AddRange(result.Models);
            page = result.Next;
        }

        Assert.Equal((RecordedHub.ModelCount + 9) / 10, pages);
        Assert.Equal(RecordedHub.ModelCount, seen.Select(m => m.Id).Distinct().Count());
        Assert.Equal(seen.Count, seen.Select(m => m.Id).Distinct().Count());
        var created = seen.Select(m => m.CreatedAt!.Value).ToList();
        Assert.Equal(created.OrderByDescending(c => c), created);
    }

    [Fact]
    public async Task Expand_returns_ids_and_exactly_the_fields_asked_for()
    {
        var body = await _http.GetStringAsync("api/models?limit=3&expand[]=createdAt&expand[]=cardData");
        var elements = JsonNode.Parse(body)!.AsArray();
        Assert.Equal(3, elements.Count);
        foreach (var element in elements)
        {
            var keys = element!.AsObject().Select(p => p.Key).Order().ToList();
            Assert.Subset(new HashSet<string> { "_id", "id", "createdAt", "cardData" }, keys.ToHashSet());
            Assert.Contains("createdAt", keys);
            Assert.DoesNotContain("siblings", keys);
        }
    }

    [Fact]
    public async Task Model_info_is_the_recorded_document_and_unknown_ids_are_404()
    {
        var model = await new HubClient(_http).GetModelAsync("meta-llama/Llama-3.1-8B-Instruct", CancellationToken.None);
        Assert.Equal("manual", model!.Gated);
        Assert.Null(await new HubClient(_http).GetModelAsync("nobody/nothing", CancellationToken.None));
    }

    [Theory]
    [InlineData("api/models?limit=0")]
    [InlineData("api/models?limit=1001")]
    [InlineData("api/models?cursor=not-base64!")]
    [InlineData("api/models?sort=likes")]
    public async Task Bad_list_requests_get_400_with_a_reason(string url)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_malformed_element_costs_that_model_only()
    {
        var good = DemoHubCatalog.FromDocument(JsonNode.Parse("""{"_id":"1","id":"org/good","createdAt":"2024-05-01T00:00:00.000Z","downloads":5}""")!.AsObject());
        var bad = DemoHubCatalog.FromDocument(JsonNode.Parse("""{"_id":"2","id":"org/bad","createdAt":"2024-04-01T00:00:00.000Z","downloads":"many"}""")!.AsObject());
        await using var server = await DemoHubServer.StartAsync(new DemoHubCatalog([good, bad]));
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        var page = await new HubClient(http).GetModelPageAsync(HubClient.NewestFirst(10), CancellationToken.None);

        Assert.Equal("org/good", Assert.Single(page.Models).Id);
        var error = Assert.Single(page.Errors);
        Assert.Equal("org/bad", error.Id);
        Assert.Null(page.Next);
    }
}
