using System.Net;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace HubWatch.Web.Tests.Api;

/// <summary>What keeps visitors from tiring the dashboard: a per-visitor request limit, and figures drawn once per change.</summary>
public sealed class VisitorTrafficTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();

    public VisitorTrafficTests()
    {
        using var db = _database.CreateDbContext();
        db.MonthlyStats.AddRange(Month("2024-01", 5), Month("2024-02", 7));
        db.SaveChanges();
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_visitor_over_the_limit_gets_429_with_Retry_After_on_pages_and_the_api_but_health_still_answers()
    {
        using var app = QuietWebHost.Create(_database, web => web.UseSetting("Dashboard:RequestsPerMinute", "3"));
        using var http = app.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/trends?from=2024-0{i + 1}")).StatusCode);

        using var refused = await http.GetAsync("/api/models");
        using var page = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? -1, 1, 60);
        Assert.Contains("at most 3 a minute", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_chart_is_drawn_once_per_range_and_revision_of_the_figures()
    {
        using var app = QuietWebHost.Create(_database);
        using var http = app.CreateClient();
        const string chart = "/api/charts/uploads.png?from=2024-01&to=2024-02";

        using var first = await http.GetAsync(chart);
        using var second = await http.GetAsync(chart);
        using var otherRange = await http.GetAsync("/api/charts/uploads.png?from=2024-01&to=2024-03");

        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age); // served from the cache
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Null(otherRange.Headers.Age);

        using (var db = _database.CreateDbContext()) // a recount, as a job would make it
            await db.MonthlyStats.Where(s => s.Month == "2024-02").ExecuteUpdateAsync(s => s.SetProperty(m => m.Uploads, 70).SetProperty(m => m.UpdatedAt, DateTime.UtcNow));
        using var afterRecount = await http.GetAsync(chart);

        Assert.Null(afterRecount.Headers.Age);
        Assert.NotEqual(await first.Content.ReadAsByteArrayAsync(), await afterRecount.Content.ReadAsByteArrayAsync());
        var trends = await http.GetStringAsync("/api/trends?from=2024-01&to=2024-02");
        Assert.Contains("\"uploads\":70", trends, StringComparison.Ordinal); // the figures cache moved on too
    }

    private static MonthlyStat Month(string month, int uploads) => new() { Month = month, Uploads = uploads, UpdatedAt = DateTime.UtcNow.AddHours(-1) };
}
