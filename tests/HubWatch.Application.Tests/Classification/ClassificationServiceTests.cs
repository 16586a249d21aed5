using System.Text.Json;
using HubWatch.Application.Classification;
using HubWatch.Application.Tests.Fingerprinting;
using HubWatch.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HubWatch.Application.Tests.Classification;

/// <summary>Verdicts stored, versioned and flagged against the crawled declarations.</summary>
[Collection(FingerprintedHubCollection.Name)]
public sealed class ClassificationServiceTests(FingerprintedHub hub)
{
    [Fact]
    public async Task Every_model_has_one_current_verdict_a_rerun_changes_nothing_and_flags_follow_the_cards()
    {
        using var services = hub.Services();
        var service = services.GetRequiredService<ClassificationService>();
        await service.RunAsync(CancellationToken.None);
        var again = await service.RunAsync(CancellationToken.None);

        Assert.Equal(0, again.Changed);
        await using var db = hub.Database.CreateDbContext();
        var current = await db.Verdicts.Where(v => v.Current).ToListAsync();
        Assert.Equal(await db.Models.CountAsync(m => m.DeletedAt == null), current.Count);
        Assert.Equal(current.Count, current.Select(v => v.ModelId).Distinct().Count());

        // a model that claims training from scratch yet derives from another is flagged with the parent named
        var truth = TestHub.Truth.Models.ToDictionary(m => m.Id);
        var claims = current.Where(v => truth[v.ModelId].Declared.ClaimsIndependent && truth[v.ModelId].Relation != "independent" && v.Relation != "unknown").ToList();
        Assert.NotEmpty(claims);
        Assert.All(claims, v => Assert.Contains("false-independence", v.FlagsJson, StringComparison.Ordinal));
        // undeclared derivatives: derived in truth, no base model declared, and detected as derived
        Assert.All(current.Where(v => v.UndeclaredDerivative), v => Assert.Empty(truth[v.ModelId].Declared.BaseModels));
        // licence conflicts found where truth has one and the parents were found
        var conflicts = current.Where(v => truth[v.ModelId].License.Conflict && v.TopParentId is not null && truth[v.ModelId].Parents.Any(p => p.Id == v.TopParentId)).ToList();
        Assert.NotEmpty(conflicts);
        Assert.All(conflicts, v => Assert.True(v.LicenseConflict, $"{v.ModelId}: {truth[v.ModelId].License.Reason} not flagged ({v.FlagsJson})"));
        Assert.DoesNotContain(current, v => v.LicenseConflict && !truth[v.ModelId].License.Conflict);
        Assert.All(current.Where(v => v.FlagCount > 0), v => Assert.Equal(v.FlagCount, JsonDocument.Parse(v.FlagsJson).RootElement.GetArrayLength()));
    }
}
