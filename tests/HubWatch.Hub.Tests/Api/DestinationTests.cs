using System.Net;
using System.Net.Sockets;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Serving;
using HubWatch.Hub.Api;
using HubWatch.Hub.Http;
using HubWatch.Testing;
using Microsoft.AspNetCore.Http;

namespace HubWatch.Hub.Tests.Api;

/// <summary>
/// Where a hub gone bad tries to send HubWatch (over real HTTP, through a <see cref="TamperingHub"/>). The hub is
/// known by a name, <c>hub.example</c>, as a public hub is; DNS here says it and <c>evil.example</c> live on this
/// machine. A second server, the victim, stands for what must not be reached: nothing ever arrives there.
/// </summary>
public sealed class DestinationTests : IAsyncLifetime
{
    private const string Token = "hf_DestinationTestTokenNeverSent000000";
    private DemoHubServer _demo = null!;
    private TamperingHub _hub = null!;
    private TamperingHub _victim = null!;
    private HttpClient _http = null!;
    private Uri _hubUri = null!;

    private static readonly HubRepo Repo = TestHub.Hub.Repos.First(r => r.Files.Any(f => f.IsText));

    public async Task InitializeAsync()
    {
        _demo = await TestHub.ServeAsync();
        _hub = await TamperingHub.StartAsync(_demo.BaseUri);
        _victim = await TamperingHub.StartAsync(_demo.BaseUri);
        _hubUri = new Uri($"http://hub.example:{_hub.BaseUri.Port}/");
        var destinations = new HubDestinations(() => _hubUri, (name, _) => name is "hub.example" or "evil.example"
            ? Task.FromResult(new[] { IPAddress.Loopback })
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound)));
        var resilience = new HubResilience(new HubHttpOptions { Retry = { MaxAttempts = 1 } }, new HubCredential(_hubUri, Token), destinations: destinations);
        _http = new HttpClient(resilience.CreatePipeline(destinations.CreateHandler())) { BaseAddress = _hubUri };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _victim.DisposeAsync();
        await _hub.DisposeAsync();
        await _demo.DisposeAsync();
    }

    private HubClient Client => new(_http);

    private string TextFile => Repo.Files.First(f => f.IsText).Path;

    private void RedirectFilesTo(string location) =>
        _hub.Reply(r => r.Path.Value!.Contains("/resolve/", StringComparison.Ordinal), 302, "", headers: new Dictionary<string, string> { ["Location"] = location });

    [Fact]
    public async Task A_file_redirect_to_the_hub_itself_is_followed_and_the_file_read()
    {
        var moved = $"/{Repo.Id}/resolve/{Repo.Sha}/{TextFile}?moved=1";
        _hub.Reply(r => r.Path.Value!.Contains("/resolve/", StringComparison.Ordinal) && !r.Query.ContainsKey("moved"), 302, "",
            headers: new Dictionary<string, string> { ["Location"] = moved });

        var text = await Client.GetTextFileAsync(Repo.Id, Repo.Sha, TextFile, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(text));
        Assert.Equal(moved, _hub.Seen[^1]);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{victim}/secret", "a private address")]
    [InlineData("http://[::ffff:127.0.0.1]:{victim}/secret", "a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "a private address")]
    [InlineData("file:///etc/passwd", "http and https only")]
    [InlineData("gopher://evil.example:{victim}/", "http and https only")]
    public async Task A_file_redirect_off_the_hub_to_a_private_address_or_another_scheme_is_refused(string location, string reason)
    {
        RedirectFilesTo(location.Replace("{victim}", _victim.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<HubRequestException>(() => Client.GetTextFileAsync(Repo.Id, Repo.Sha, TextFile, CancellationToken.None));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.True(error.Permanent);
        Assert.Empty(_victim.Seen);
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_private_address_is_refused_where_the_connection_is_made()
    {
        RedirectFilesTo($"http://evil.example:{_victim.BaseUri.Port}/secret");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetTextFileAsync(Repo.Id, Repo.Sha, TextFile, CancellationToken.None));

        Assert.Contains("evil.example resolves to 127.0.0.1, a private address", error.Message, StringComparison.Ordinal);
        Assert.IsType<HubRequestException>(error.InnerException);
        Assert.Empty(_victim.Seen);
    }

    [Fact]
    public async Task A_next_page_link_to_another_origin_is_not_followed()
    {
        _hub.Answer(r => r.Path == "/api/models", async context =>
        {
            context.Response.Headers["Link"] = $"<http://evil.example:{_victim.BaseUri.Port}/api/models?cursor=x>; rel=\"next\"";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[]", context.RequestAborted);
        });

        var error = await Assert.ThrowsAsync<HubRequestException>(() => Client.GetModelPageAsync(HubClient.NewestFirst(10), CancellationToken.None));

        Assert.Contains("not on the hub", error.Message, StringComparison.Ordinal);
        Assert.Empty(_victim.Seen);
    }

    [Theory]
    [InlineData("/api/models/..%2F..%2Fadmin")]
    [InlineData("/api/models/a/b/c")]
    [InlineData("/api/models/owner/name%3Fx%3D1")]
    public async Task A_rename_to_something_that_is_not_a_model_id_is_refused(string location)
    {
        _hub.Reply(r => r.Path == $"/api/models/{Repo.Id}", 307, "", headers: new Dictionary<string, string> { ["Location"] = location });

        var error = await Assert.ThrowsAsync<HubRequestException>(() => Client.LookupModelAsync(Repo.Id, CancellationToken.None));

        Assert.Contains("not a model id", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../admin")]
    [InlineData("owner/name?expand=x")]
    [InlineData("owner/name#x")]
    [InlineData("a/b/c")]
    public async Task An_id_a_hub_could_not_serve_is_refused_before_any_request(string id)
    {
        await Assert.ThrowsAsync<HubRequestException>(() => Client.LookupModelAsync(id, CancellationToken.None));
        await Assert.ThrowsAsync<HubRequestException>(() => Client.GetTreeAsync(id, "main", CancellationToken.None));
        await Assert.ThrowsAsync<HubRequestException>(() => Client.GetTextFileAsync(id, "main", "README.md", CancellationToken.None));
        Assert.Empty(_hub.Seen);
    }

    [Fact]
    public async Task Commits_and_paths_from_a_hub_are_escaped_segment_by_segment()
    {
        // no such commit: what the hub answers does not matter here, what it was asked does
        await Assert.ThrowsAsync<HubRequestException>(() => Client.GetTextFileAsync(Repo.Id, "a b?c", "dir/x#y?.md", CancellationToken.None));
        await Assert.ThrowsAsync<HubRequestException>(() => Client.GetTreeAsync(Repo.Id, "../main?recursive=false", CancellationToken.None));

        Assert.Equal(
            [$"/{Repo.Id}/resolve/a%20b%3Fc/dir/x%23y%3F.md", $"/api/models/{Repo.Id}/tree/..%2Fmain%3Frecursive%3Dfalse?recursive=true"],
            _hub.Seen);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2606:4700::1111", false)]
    [InlineData("18.239.50.1", false)]
    public void Private_addresses_are_told_from_public_ones(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, HubDestinations.IsPrivate(IPAddress.Parse(address)));
}
