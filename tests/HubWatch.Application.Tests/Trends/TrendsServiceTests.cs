using HubWatch.Application.Trends;
using HubWatch.Data.Entities;
using HubWatch.Domain.Time;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HubWatch.Application.Tests.Trends;

public sealed class TrendsServiceTests : IDisposable
{
    private static readonly DateTime Crawled = new(2024, 3, 10, 12, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 3, 15, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public TrendsServiceTests()
    {
        _services = HubWatchServices.Build(_database, HubSource.Configured(new Uri("http://hub.invalid/")), clock: _clock);
        using var db = _database.CreateDbContext();
        db.Models.AddRange(
            Model("a/one", "2023-12"), Model("a/two", "2023-12"), Model("a/three", "2024-02"),
            Model("old/one", null), Model("old/two", null));
        db.SaveChanges();
        _services.GetRequiredService<MonthlyAggregates>().RebuildAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }

    private TrendsService Trends => _services.GetRequiredService<TrendsService>();

    [Fact]
    public async Task By_default_runs_from_the_first_upload_to_the_current_month_with_empty_months_as_zero()
    {
        var series = await Trends.MonthlyAsync(null, null, CancellationToken.None);

        Assert.Equal([("2023-12", 2), ("2024-01", 0), ("2024-02", 1), ("2024-03", 0)], series.Months.Select(r => (r.Month, r.Uploads)));
        Assert.Equal(TrendRow.Empty("2024-01"), series.Months[1]);
        Assert.Equal(("before 2022-03", 2), (series.BeforeTracking.Month, series.BeforeTracking.Uploads));
        Assert.Equal(Crawled, series.Cutoff);
        Assert.Equal(("hub.invalid", false), (series.Hub, series.Synthetic));
    }

    [Fact]
    public async Task A_range_keeps_only_its_months()
    {
        var series = await Trends.MonthlyAsync(new YearMonth(2024, 1), new YearMonth(2024, 2), CancellationToken.None);
        Assert.Equal([("2024-01", 0), ("2024-02", 1)], series.Months.Select(r => (r.Month, r.Uploads)));
    }

    [Fact]
    public async Task An_empty_database_shows_the_last_24_months_of_zeros()
    {
        using var empty = TestDatabase.CreateMigrated();
        using var services = HubWatchServices.Build(empty, HubSource.Configured(new Uri("http://hub.invalid/")), clock: _clock);
        var series = await services.GetRequiredService<TrendsService>().MonthlyAsync(null, null, CancellationToken.None);

        Assert.Equal(TrendsService.DefaultMonths, series.Months.Count);
        Assert.Equal("2022-04", series.Months[0].Month);
        Assert.Equal("2024-03", series.Months[^1].Month);
        Assert.All(series.Months, r => Assert.Equal(0, r.Uploads));
        Assert.Null(series.Cutoff);
    }

    [Fact]
    public async Task A_range_far_outside_the_hubs_data_is_clamped_to_its_tracking_start_and_this_month()
    {
        var series = await Trends.MonthlyAsync(new YearMonth(1, 1), new YearMonth(9999, 12), CancellationToken.None);

        Assert.Equal(("2022-03", "2024-03"), (series.From.ToString(), series.To.ToString()));
        Assert.Equal(25, series.Months.Count); // not 119,988
        Assert.Equal(3, series.Months.Sum(m => m.Uploads));
        Assert.Equal(2, series.BeforeTracking.Uploads);
    }

    [Fact]
    public async Task A_reversed_range_is_refused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Trends.MonthlyAsync(new YearMonth(2024, 2), new YearMonth(2024, 1), CancellationToken.None));

    private static HubModel Model(string id, string? month) => new()
    {
        Id = id,
        UploadMonth = month,
        CreatedAt = month is null ? new DateTime(2022, 3, 2, 23, 29, 4, DateTimeKind.Utc) : YearMonth.Parse(month).Start.UtcDateTime.AddDays(3),
        FirstSeenAt = Crawled,
        LastCrawledAt = Crawled,
    };
}
