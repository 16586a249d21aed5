using HubWatch.Application.Trends;
using HubWatch.Data;
using HubWatch.Data.Entities;
using HubWatch.Hub;
using HubWatch.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HubWatch.Application.Tests.Trends;

/// <summary>The maintained monthly figures: what each column counts, and that updating only touched months equals recounting all.</summary>
public sealed class MonthlyAggregatesTests : IDisposable
{
    private static readonly DateTime Crawled = new(2024, 3, 10, 12, 0, 0, DateTimeKind.Utc);
    private readonly TestDatabase _database = TestDatabase.CreateMigrated();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 3, 15, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider _services;

    public MonthlyAggregatesTests()
    {
        _services = HubWatchServices.Build(_database, HubSource.Configured(new Uri("http://hub.invalid/")), clock: _clock);
        using var db = _database.CreateDbContext();
        db.Models.AddRange(
            Model("a/base", "2024-01", m => m.StatesProvenance = true),
            Model("a/merge", "2024-01", m => m.Tags = ["mergekit", "merge"]),
            Model("a/config", "2024-01", m => m.HasMergekitConfig = true),
            Model("a/version", "2024-02", m => m.MergekitVersion = "0.0.5"),
            Model("a/gone", "2024-02", m => m.DeletedAt = Crawled),
            Model("old/one", null, m => m.StatesProvenance = true));
        db.Verdicts.AddRange(
            Verdict("a/base", "independent"), Verdict("a/merge", "merge", undeclared: true, license: true),
            Verdict("a/config", "unknown"), Verdict("a/version", "finetune"), Verdict("a/version", "merge", current: false));
        db.Fingerprints.AddRange(Fingerprint("a/base", FingerprintStatus.Sampled), Fingerprint("a/merge", FingerprintStatus.Copy),
            Fingerprint("a/config", FingerprintStatus.Failed));
        db.SaveChanges();
    }

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }

    private MonthlyAggregates Aggregates => _services.GetRequiredService<MonthlyAggregates>();

    [Fact]
    public async Task Each_column_counts_what_it_says_deleted_models_and_old_verdicts_left_out()
    {
        await Aggregates.RebuildAsync(CancellationToken.None);

        var stats = await Stats();
        Assert.Equal(["2024-01", "2024-02", "before 2022-03"], stats.Keys.Order(StringComparer.Ordinal));
        var january = stats["2024-01"];
        Assert.Equal((3, 1, 2, 2, 2), (january.Uploads, january.DeclaredProvenance, january.DeclaredMergekit, january.Fingerprinted, january.Judged));
        Assert.Equal((1, 0, 1, 1, 1), (january.DetectedMerges, january.DetectedFinetunes, january.VerifiedIndependent, january.UndeclaredDerivatives, january.LicenseConflicts));
        var february = stats["2024-02"];
        Assert.Equal((1, 1, 1, 0, 1), (february.Uploads, february.DeclaredMergekit, february.DetectedFinetunes, february.DetectedMerges, february.Judged));
        Assert.Equal((1, 1), (stats["before 2022-03"].Uploads, stats["before 2022-03"].DeclaredProvenance));
    }

    [Fact]
    public async Task An_update_recounts_only_the_months_touched_since_and_agrees_with_a_full_recount()
    {
        await Aggregates.RebuildAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var since = _clock.GetUtcNow().UtcDateTime;
        using (var db = _database.CreateDbContext())
        {
            // a new verdict for a February model and a new model in March
            var old = await db.Verdicts.SingleAsync(v => v.ModelId == "a/version" && v.Current);
            old.Current = false;
            var changed = Verdict("a/version", "independent", created: since);
            changed.Version = 3;
            db.Verdicts.Add(changed);
            db.Models.Add(Model("b/new", "2024-03", m => m.LastCrawledAt = since));
            await db.SaveChangesAsync();
        }
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(2, await Aggregates.UpdateChangedSinceAsync(since, CancellationToken.None));

        var updated = await Stats();
        Assert.True(updated["2024-02"].UpdatedAt > since);
        Assert.True(updated["2024-03"].UpdatedAt > since);
        Assert.True(updated["2024-01"].UpdatedAt < since, "an untouched month was counted again");
        Assert.Equal((0, 1), (updated["2024-02"].DetectedFinetunes, updated["2024-02"].VerifiedIndependent));
        await Aggregates.RebuildAsync(CancellationToken.None);
        Assert.Equal(Figures(updated), Figures(await Stats()));
    }

    [Fact]
    public async Task Nothing_touched_counts_nothing()
    {
        await Aggregates.RebuildAsync(CancellationToken.None);
        Assert.Equal(0, await Aggregates.UpdateChangedSinceAsync(Crawled.AddDays(1), CancellationToken.None));
    }

    private async Task<Dictionary<string, MonthlyStat>> Stats()
    {
        await using var db = _database.CreateDbContext();
        return await db.MonthlyStats.AsNoTracking().ToDictionaryAsync(s => s.Month);
    }

    private static IEnumerable<string> Figures(Dictionary<string, MonthlyStat> stats) => stats.Values.OrderBy(s => s.Month, StringComparer.Ordinal)
        .Select(s => $"{s.Month} {s.Uploads} {s.DeclaredProvenance} {s.DeclaredMergekit} {s.Fingerprinted} {s.Judged} {s.DetectedMerges} " +
            $"{s.DetectedFinetunes} {s.VerifiedIndependent} {s.UndeclaredDerivatives} {s.LicenseConflicts}");

    private static HubModel Model(string id, string? month, Action<HubModel>? set = null)
    {
        var model = new HubModel
        {
            Id = id,
            UploadMonth = month,
            CreatedAt = month is null ? new DateTime(2022, 3, 2, 0, 0, 0, DateTimeKind.Utc) : DateTime.Parse(month + "-05T00:00:00Z").ToUniversalTime(),
            FirstSeenAt = Crawled,
            LastCrawledAt = Crawled,
        };
        set?.Invoke(model);
        return model;
    }

    private static ModelVerdict Verdict(string model, string relation, bool undeclared = false, bool license = false, bool current = true, DateTime? created = null) => new()
    {
        ModelId = model,
        Version = current ? 2 : 1,
        Current = current,
        CreatedAt = created ?? Crawled,
        Relation = relation,
        Summary = relation,
        ParentsJson = "[]",
        CoefficientsJson = "{}",
        EvidenceJson = "{}",
        FlagsJson = "[]",
        UndeclaredDerivative = undeclared,
        LicenseConflict = license,
    };

    private static WeightFingerprint Fingerprint(string model, FingerprintStatus status) =>
        new() { ModelId = model, Revision = "r1", Status = status, CreatedAt = Crawled };
}
