using System.Net;

namespace HubWatch.EndToEnd.Tests;

/// <summary>The published binary outside Development serves Blazor's and MudBlazor's assets and announces its URL.</summary>
[Collection(PublishedApp.Collection)]
public sealed class PublishedAppTests(PublishedApp app)
{
    [Theory]
    [InlineData("_framework/blazor.web.js", "javascript")]
    [InlineData("_content/MudBlazor/MudBlazor.min.css", "text/css")]
    [InlineData("_content/MudBlazor/MudBlazor.min.js", "javascript")]
    [InlineData("app.css", "text/css")]
    public async Task Static_assets_are_served(string path, string mediaType)
    {
        using var http = new HttpClient { BaseAddress = app.BaseUri };
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(mediaType, response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 10);
    }

    [Fact]
    public void The_dashboard_url_is_printed_at_start() =>
        Assert.Contains($"HubWatch dashboard: {app.BaseUri.AbsoluteUri.TrimEnd('/')}", app.Output, StringComparison.Ordinal);
}
