using System.Net;
using System.Text.Json;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HubWatch.Web.Tests.Api;

/// <summary>The JSON API of the real web host over a seeded SQLite file (jobs off, so the data stay as seeded).</summary>
public sealed class ApiTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private readonly WebApplicationFactory<Program> _app;

    public ApiTests()
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
    public async Task Trends_are_json_months_with_every_series_the_bucket_and_the_hub()
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync("/api/trends?from=2023-12&to=2024-03");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var rows = json.RootElement.GetProperty("months").EnumerateArray()
            .Select(r => (r.GetProperty("month").GetString(), r.GetProperty("uploads").GetInt32()))
            .ToList();
        Assert.Equal([("2023-12", 0), ("2024-01", 2), ("2024-02", 0), ("2024-03", 1)], rows);
        Assert.Equal(("2023-12", "2024-03"), (json.RootElement.GetProperty("from").GetString(), json.RootElement.GetProperty("to").GetString()));
        Assert.Equal("before 2022-03", json.RootElement.GetProperty("beforeTracking").GetProperty("month").GetString());
        Assert.False(json.RootElement.GetProperty("synthetic").GetBoolean());
        var first = json.RootElement.GetProperty("months")[0];
        foreach (var series in new[] { "declaredProvenance", "declaredMergekit", "fingerprinted", "judged", "detectedMerges", "detectedFinetunes",
            "verifiedIndependent", "undeclaredDerivatives", "licenceConflicts" })
            Assert.Equal(JsonValueKind.Number, first.GetProperty(series).ValueKind);
    }

    [Theory]
    [InlineData("/api/trends?from=2024-1")]
    [InlineData("/api/trends?to=march")]
    [InlineData("/api/trends?from=2024-03&to=2024-01")]
    public async Task Bad_ranges_are_400_problems_with_a_reason(string url)
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("from ", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/trends")]
    [InlineData("/api/charts/uploads.png")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync(url);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal); // no inline script, no eval, no other site
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public void Dotnet_run_starts_in_production_unless_development_is_asked_for()
    {
        // dotnet run applies the launch profile: an environment set there would turn the developer exception page on
        // for everyone who follows the README
        var settings = Path.Combine(ContentRoot(), "src", "HubWatch.Web", "Properties", "launchSettings.json");
        using var launch = JsonDocument.Parse(File.ReadAllText(settings));
        foreach (var profile in launch.RootElement.GetProperty("profiles").EnumerateObject())
        {
            var variables = profile.Value.TryGetProperty("environmentVariables", out var v) ? v.EnumerateObject().Select(p => p.Name) : [];
            Assert.DoesNotContain(variables, name => name is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT");
        }
    }

    private static string ContentRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "HubWatch.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("HubWatch.sln not found above the test binaries");
    }

    [Fact]
    public async Task Health_is_200_when_the_database_answers()
    {
        using var http = _app.CreateClient();
        using var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task With_AllowedHosts_set_a_request_for_another_host_name_is_refused()
    {
        using var app = QuietWebHost.Create(_database, web => web.UseSetting("AllowedHosts", "dashboard.example"));
        using var http = app.CreateClient();

        using var other = await http.GetAsync("/healthz"); // Host: localhost
        using var named = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "dashboard.example" } });

        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
    }

    [Fact]
    public async Task The_overview_is_served_prerendered_with_the_seeded_models()
    {
        using var http = _app.CreateClient();
        var html = await http.GetStringAsync("/");
        Assert.Contains("id=\"latest-models\"", html, StringComparison.Ordinal);
        Assert.Contains("a/three", html, StringComparison.Ordinal);
    }

    private static HubModel Model(string id, int year, int month)
    {
        var created = new DateTime(year, month, 5, 0, 0, 0, DateTimeKind.Utc);
        return new HubModel { Id = id, CreatedAt = created, UploadMonth = $"{year:D4}-{month:D2}", FirstSeenAt = created, LastCrawledAt = created };
    }
}
