using System.Net;
using System.Text.Json;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using HubWatch.Web.Tests.Exports;
using Microsoft.AspNetCore.Mvc.Testing;
using SkiaSharp;

namespace HubWatch.Web.Tests.Api;

/// <summary>The chart downloads of the real web host over a seeded SQLite file (models seeded before the start builds the monthly figures).</summary>
public sealed class ChartEndpointsTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private readonly WebApplicationFactory<Program> _app;

    public ChartEndpointsTests()
    {
        using (var db = _database.CreateDbContext())
        {
            db.Models.AddRange(Model("a/one", 2024, 1), Model("a/two", 2024, 1), Model("a/three", 2024, 3));
            db.SaveChanges();
        }
        _app = QuietWebHost.Create(_database);
    }

    public void Dispose()
    {
        _app.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task Csv_is_an_attachment_with_the_seeded_counts()
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync("/api/charts/uploads.csv?from=2023-12&to=2024-03");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("hubwatch-uploads-2023-12-to-2024-03.csv", response.Content.Headers.ContentDisposition?.FileName);
        var csv = ChartCsvTests.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            [["month", "uploads"], ["before 2022-03", "0"], ["2023-12", "0"], ["2024-01", "2"], ["2024-02", "0"], ["2024-03", "1"]],
            csv);
    }

    [Fact]
    public async Task Png_is_a_decodable_1200_by_600_image()
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync("/api/charts/detected-merges.png?from=2024-01&to=2024-03");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("hubwatch-detected-merges-2024-01-to-2024-03.png", response.Content.Headers.ContentDisposition?.FileName);
        using var bitmap = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((1200, 600), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task Svg_names_the_chart_and_its_source()
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync("/api/charts/uploads.svg?from=2024-01&to=2024-03");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var text = ChartImageTests.SvgText(await response.Content.ReadAsStringAsync());
        Assert.Contains("Uploads per month", text);
        Assert.Contains(text, t => t.StartsWith("HubWatch · ", StringComparison.Ordinal) && t.Contains(" · data to 2024-03-05", StringComparison.Ordinal));
        Assert.Contains("n = 3 models", text);
    }

    [Fact]
    public async Task All_csv_holds_every_series()
    {
        using var http = _app.CreateClient();
        var csv = ChartCsvTests.Parse(await http.GetStringAsync("/api/charts/all.csv?from=2024-01&to=2024-01"));

        Assert.Equal("month,uploads,declared_provenance,declared_mergekit,fingerprinted,judged", string.Join(',', csv[0][..6]));
        Assert.Equal(["2024-01", "2"], csv[2][..2]);
    }

    [Fact]
    public async Task The_listing_gives_every_chart_with_links_that_keep_the_range()
    {
        using var http = _app.CreateClient();
        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/charts?from=2024-01&to=2024-03"));

        var charts = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(9, charts.Count);
        var merges = charts.Single(c => c.GetProperty("name").GetString() == "detected-merges");
        Assert.True(merges.GetProperty("isShare").GetBoolean());
        Assert.Equal("/api/charts/detected-merges.png?from=2024-01&to=2024-03", merges.GetProperty("png").GetString());
        Assert.Equal("/api/charts/detected-merges.csv?from=2024-01&to=2024-03", merges.GetProperty("csv").GetString());
    }

    [Fact]
    public async Task An_unknown_chart_is_a_404_that_lists_the_known_ones()
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync("/api/charts/nonsense.png");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("detected-merges", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/charts/uploads.gif")]
    [InlineData("/api/charts/all.png")]
    [InlineData("/api/charts/uploads.png?from=2024-1")]
    [InlineData("/api/charts/uploads.csv?from=2024-03&to=2024-01")]
    [InlineData("/api/charts?to=march")]
    public async Task Bad_formats_and_ranges_are_400_problems(string url)
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static HubModel Model(string id, int year, int month)
    {
        var created = new DateTime(year, month, 5, 0, 0, 0, DateTimeKind.Utc);
        return new HubModel { Id = id, CreatedAt = created, UploadMonth = $"{year:D4}-{month:D2}", FirstSeenAt = created, LastCrawledAt = created };
    }
}
