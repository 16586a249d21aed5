using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using HubWatch.DemoHub.Tests.Ecosystem;

namespace HubWatch.DemoHub.Tests.Serving;

/// <summary>The Hub API protocol of the demo hub, read with a plain HTTP client.</summary>
[Collection(GeneratedHubFixture.Collection)]
public sealed class ProtocolTests(GeneratedHubFixture generated) : ServedHub(generated)
{
    [Fact]
    public async Task Every_model_is_listed_once_newest_first_and_its_info_can_be_read()
    {
        var ids = new List<string>();
        var created = new List<string>();
        for (var url = "api/models?limit=500&expand[]=createdAt"; url is not null;)
        {
            using var response = await Http.GetAsync(url);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var model in page.RootElement.EnumerateArray())
            {
                ids.Add(model.GetProperty("id").GetString()!);
                created.Add(model.GetProperty("createdAt").GetString()!);
            }
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }

        Assert.Equal(Generated.Catalog.Repos.Length, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(created.OrderDescending(StringComparer.Ordinal), created);
        foreach (var id in ids)
        {
            using var info = JsonDocument.Parse(await Http.GetStringAsync($"api/models/{id}"));
            Assert.Equal(id, info.RootElement.GetProperty("id").GetString());
            Assert.True(info.RootElement.GetProperty("siblings").GetArrayLength() >= 3);
        }
    }

    [Theory]
    [InlineData("downloads")]
    [InlineData("likes")]
    [InlineData("lastModified")]
    public async Task Other_sort_orders_page_through_everything_in_order(string sort)
    {
        var keys = new List<JsonElement>();
        for (var url = $"api/models?sort={sort}&direction=-1&limit=1000&expand[]={sort}"; url is not null;)
        {
            using var response = await Http.GetAsync(url);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            keys.AddRange(page.RootElement.EnumerateArray().Select(m => m.GetProperty(sort).Clone()));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }
        Assert.Equal(Generated.Catalog.Repos.Length, keys.Count);
        var text = keys.Select(k => k.ValueKind == JsonValueKind.Number ? k.GetInt64().ToString("D19", System.Globalization.CultureInfo.InvariantCulture) : k.GetString()!).ToList();
        Assert.Equal(text.OrderDescending(StringComparer.Ordinal), text);
    }

    [Fact]
    public async Task Filter_author_and_search_narrow_the_listing()
    {
        using var merges = JsonDocument.Parse(await Http.GetStringAsync("api/models?filter=mergekit&expand[]=tags"));
        Assert.NotEmpty(merges.RootElement.EnumerateArray());
        Assert.All(merges.RootElement.EnumerateArray(), m => Assert.Contains("mergekit", m.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));

        using var lab = JsonDocument.Parse(await Http.GetStringAsync("api/models?author=national-ai-lab"));
        Assert.Equal("national-ai-lab/Rio-3.5-Open-70B", lab.RootElement.EnumerateArray().Single().GetProperty("id").GetString());

        using var found = JsonDocument.Parse(await Http.GetStringAsync("api/models?search=rio-3.5"));
        Assert.Single(found.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task The_tree_gives_sizes_and_the_sha256_of_the_bytes_a_download_returns()
    {
        var repo = Generated.Catalog.Repos.First(r => r.Files.Any(f => f.Path == "model.safetensors") && r.Architecture == "qwen-mini");
        using var tree = JsonDocument.Parse(await Http.GetStringAsync($"api/models/{repo.Id}/tree/main?recursive=true"));
        var weights = tree.RootElement.EnumerateArray().Single(e => e.GetProperty("path").GetString() == "model.safetensors");

        var bytes = await Http.GetByteArrayAsync($"{repo.Id}/resolve/main/model.safetensors");
        Assert.Equal(weights.GetProperty("size").GetInt64(), bytes.Length);
        Assert.Equal(weights.GetProperty("lfs").GetProperty("oid").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(weights.GetProperty("size").GetInt64(), weights.GetProperty("lfs").GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Exact_copies_share_their_parents_sha256()
    {
        var copy = Generated.Truth.Models.First(m => m.Relation == "copy" && m.Transforms.Length == 0);
        var parent = copy.Parents.Single().Id;
        async Task<string[]> Hashes(string id)
        {
            using var tree = JsonDocument.Parse(await Http.GetStringAsync($"api/models/{id}/tree/main"));
            return [.. tree.RootElement.EnumerateArray().Where(e => e.TryGetProperty("lfs", out _)).Select(e => e.GetProperty("lfs").GetProperty("oid").GetString()!)];
        }
        Assert.Equal(await Hashes(parent), await Hashes(copy.Id));
    }

    [Fact]
    public async Task Ranges_are_206_suffix_ranges_work_and_past_the_end_is_416()
    {
        var repo = Generated.Catalog.Repos.First(r => r.Files.Any(f => f.Path == "model.safetensors"));
        var url = $"{repo.Id}/resolve/main/model.safetensors";
        using var head = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        var length = head.Content.Headers.ContentLength!.Value;
        Assert.Equal("bytes", head.Headers.AcceptRanges.Single());
        Assert.NotNull(head.Headers.ETag);

        var whole = await Http.GetByteArrayAsync(url);
        Assert.Equal(whole[100..200], await RangeAsync(url, 100, 199));

        using var suffix = new HttpRequestMessage(HttpMethod.Get, url);
        suffix.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(null, 16);
        using var tail = await Http.SendAsync(suffix);
        Assert.Equal(HttpStatusCode.PartialContent, tail.StatusCode);
        Assert.Equal(whole[^16..], await tail.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes {length - 16}-{length - 1}/{length}", tail.Content.Headers.ContentRange!.ToString());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, url);
        beyond.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(length, length + 10);
        using var unsatisfiable = await Http.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
    }

    [Fact]
    public async Task A_renamed_repository_answers_307_to_its_new_id()
    {
        var renamed = Generated.Catalog.Repos.First(r => r.RenamedFrom is not null);
        using var response = await Http.GetAsync($"api/models/{renamed.RenamedFrom}");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"/api/models/{renamed.Id}", response.Headers.Location!.OriginalString);

        using var resolve = await Http.GetAsync($"{renamed.RenamedFrom}/resolve/main/README.md");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, resolve.StatusCode);
    }

    [Theory]
    [InlineData("api/models/nobody/nothing", HttpStatusCode.NotFound)]
    [InlineData("api/models?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("api/models?cursor=%%%", HttpStatusCode.BadRequest)]
    [InlineData("api/models?sort=name", HttpStatusCode.BadRequest)]
    public async Task Bad_requests_get_a_clear_status_and_reason(string url, HttpStatusCode status)
    {
        using var response = await Http.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_revision_other_than_main_or_the_commit_is_not_found()
    {
        var repo = Generated.Catalog.Repos[0];
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"api/models/{repo.Id}/revision/{repo.Sha}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"api/models/{repo.Id}/revision/deadbeef")).StatusCode);
    }
}
