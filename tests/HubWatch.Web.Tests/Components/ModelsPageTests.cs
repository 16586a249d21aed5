using Bunit;
using HubWatch.Data.Entities;
using HubWatch.Testing;
using HubWatch.Web.Components.Pages;

namespace HubWatch.Web.Tests.Components;

/// <summary>The models table reads its page from the server: newest first, with verdicts and flags.</summary>
public sealed class ModelsPageTests
{
    [Fact]
    public async Task Lists_a_page_of_models_newest_first_with_their_verdicts()
    {
        using var database = TestDatabase.CreateMigrated();
        using (var db = database.CreateDbContext())
        {
            for (var i = 1; i <= 30; i++)
                db.Models.Add(new HubModel { Id = $"lab/m{i:D2}", Author = "lab", UploadMonth = "2025-01", CreatedAt = new DateTime(2025, 1, i % 28 + 1, i % 24, 0, 0, DateTimeKind.Utc) });
            db.Verdicts.Add(new ModelVerdict
            {
                ModelId = "lab/m27",
                Version = 1,
                Current = true,
                Relation = "merge",
                Method = "slerp",
                TopParentId = "lab/m01",
                Summary = "merge",
                ParentsJson = "[]",
                CoefficientsJson = "{}",
                EvidenceJson = "{}",
                FlagsJson = """[{"kind":"undeclared-merge","reason":"r"}]""",
                FlagCount = 1,
            });
            db.SaveChanges();
        }
        await using var host = new PageHost(database);
        var context = host.Context;

        var page = context.Render<ModelsPage>();

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("#models-table tbody tr").Count));
        Assert.Equal("lab/m27", page.Find("#models-table tbody tr .model-id").TextContent.Trim()); // 28 Jan, the newest
        Assert.Equal("merge (slerp)", page.Find("#models-table tbody tr .relation").TextContent.Trim());
        Assert.Equal("/models/lab/m27", page.Find("#models-table tbody tr .model-id a").GetAttribute("href"));
    }
}
