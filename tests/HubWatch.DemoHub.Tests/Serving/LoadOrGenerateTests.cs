using HubWatch.DemoHub.Serving;

namespace HubWatch.DemoHub.Tests.Serving;

public sealed class LoadOrGenerateTests
{
    [Fact]
    public async Task Two_starts_at_once_on_a_fresh_folder_both_get_the_whole_hub()
    {
        var parent = Directory.CreateTempSubdirectory("hubwatch-generate-").FullName;
        try
        {
            var folder = Path.Combine(parent, "demo-hub");
            Directory.CreateDirectory(Path.Combine(folder, "repos", "left-by-a-crash")); // a half-written earlier attempt
            var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

            var hubs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => GeneratedHub.LoadOrGenerate(folder, 3, now, baseMonthlyUploads: 2))));

            Assert.All(hubs, h => Assert.Equal(hubs[0].Repos.Count, h.Repos.Count));
            Assert.True(hubs[0].Repos.Count > 10);
            Assert.False(Directory.Exists(Path.Combine(folder, "repos", "left-by-a-crash")));
            Assert.Equal(["demo-hub"], Directory.GetDirectories(parent).Select(Path.GetFileName)); // no staging folder left
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
