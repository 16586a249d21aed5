using Bunit;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using HubWatch.Web.Components.Pages;

namespace HubWatch.Web.Tests.Components;

public sealed class FlagsPageTests
{
    [Fact]
    public async Task Lists_only_flagged_models_newest_first_with_their_reasons()
    {
        using var database = TestDatabase.CreateMigrated();
        using (var db = database.CreateDbContext())
        {
            foreach (var (id, day, flags) in new[] { ("a/old", 1, 1), ("a/clean", 2, 0), ("a/new", 3, 2) })
            {
                db.Models.Add(new HubModel { Id = id, CreatedAt = new DateTime(2025, 2, day, 0, 0, 0, DateTimeKind.Utc) });
                db.Verdicts.Add(new ModelVerdict
                {
                    ModelId = id,
                    Version = 1,
                    Current = true,
                    Relation = "finetune",
                    Summary = "s",
                    ParentsJson = "[]",
                    CoefficientsJson = "{}",
                    EvidenceJson = "{}",
                    FlagCount = flags,
                    FlagsJson = flags == 0 ? "[]" : "[" + string.Join(',', Enumerable.Range(0, flags).Select(i => $$"""{"kind":"kind{{i}}","reason":"reason {{i}} of {{id}}"}""")) + "]",
                });
            }
            db.SaveChanges();
        }
        await using var host = new PageHost(database);
        var context = host.Context;

        var page = context.Render<FlagsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#flags-table tbody tr").Count));
        Assert.Equal(["a/new", "a/old"], page.FindAll("#flags-table .model-id").Select(c => c.TextContent.Trim()));
        Assert.Contains("reason 1 of a/new", page.Find("#flags-table .reasons").TextContent, StringComparison.Ordinal);
    }
}
