using HubWatch.Application.Classification;
using HubWatch.Application.Tests.Fingerprinting;
using HubWatch.Application.Trends;
using HubWatch.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Trends;

/// <summary>The trend figures of a crawled, fingerprinted and classified demo hub against the hub's truth.</summary>
[Collection(FingerprintedHubCollection.Name)]
public sealed class MonthlyFiguresOnTestHubTests(FingerprintedHub hub)
{
    [Fact]
    public async Task Figures_kept_up_by_the_jobs_equal_a_recount_and_follow_the_truth_month_by_month()
    {
        using var services = hub.Services();
        var started = DateTime.UtcNow;
        await services.GetRequiredService<ClassificationService>().RunAsync(CancellationToken.None);
        var aggregates = services.GetRequiredService<MonthlyAggregates>();
        await aggregates.UpdateChangedSinceAsync(DateTime.MinValue, CancellationToken.None);
        await aggregates.UpdateChangedSinceAsync(started, CancellationToken.None);
        var trends = services.GetRequiredService<TrendsService>();
        var kept = await trends.MonthlyAsync(null, null, CancellationToken.None);
        await aggregates.RebuildAsync(CancellationToken.None);
        var recounted = await trends.MonthlyAsync(null, null, CancellationToken.None);
        Assert.Equal(recounted.Months, kept.Months);
        Assert.Equal(recounted.BeforeTracking, kept.BeforeTracking);

        var rows = kept.Months.ToDictionary(r => r.Month);
        var models = TestHub.Truth.Models.ToLookup(m => m.Month);
        foreach (var month in TestHub.Truth.Monthly.Where(m => rows.ContainsKey(m.Month)))
        {
            var row = rows[month.Month];
            var truth = models[month.Month].ToList();
            Assert.Equal(month.Uploads, row.Uploads);
            // the demo tags, configures and versions its mergekit merges alike: one count
            Assert.Equal(truth.Count(m => m.Declared.MergekitTags), row.DeclaredMergekit);
            // HubWatch also counts the models a mergekit card's prose lists ("the following models were included"),
            // which the generator's truth does not: at most the tagged merges that declare no base model
            var declared = truth.Count(m => m.Declared.DeclaresProvenance);
            Assert.InRange(row.DeclaredProvenance, declared, declared + truth.Count(m => m.Declared.MergekitTags && !m.Declared.DeclaresProvenance));
            Assert.InRange(row.Fingerprinted, row.Judged, row.Uploads);
        }
        // detected shares follow the truth over the whole hub (the classifier's own accuracy is measured by hubwatch eval)
        var truthMonths = TestHub.Truth.Monthly.Where(m => rows.ContainsKey(m.Month)).ToList();
        var truthShare = truthMonths.Sum(m => m.Merges * m.Uploads) / truthMonths.Sum(m => m.Uploads);
        var detectedShare = (double)kept.Months.Sum(r => r.DetectedMerges) / kept.Months.Sum(r => r.Judged);
        Assert.InRange(detectedShare, truthShare - 0.02, truthShare + 0.02);

        // the architecture filter reads the API's config field: every repository with a config has its class
        await using var db = hub.Database.CreateDbContext();
        var stored = await db.Models.ToDictionaryAsync(m => m.Id, m => m.Architecture);
        var withConfig = TestHub.Hub.Repos.Where(r => r.Config is not null).ToList();
        Assert.NotEmpty(withConfig);
        Assert.All(withConfig, r => Assert.Equal(r.Config!["architectures"]![0]!.GetValue<string>(), stored[r.Id]));
    }
}
