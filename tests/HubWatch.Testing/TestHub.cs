using System.Text.Json;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Serving;
using HubWatch.DemoHub.Truth;
using HubWatch.Domain.Hub;

namespace HubWatch.Testing;

/// <summary>
/// A small generated demo hub (a few hundred models), generated once per test process into a temporary folder and
/// deleted at exit. Tests serve it with <see cref="DemoHubServer"/> and crawl it over real HTTP.
/// </summary>
public static class TestHub
{
    public const ulong Seed = 7;
    public const int Scale = 3;
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<GeneratedHub> Generated = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("hubwatch-testhub-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder);
        HubGenerator.Generate(Seed, Now, folder, Scale);
        return GeneratedHub.Load(folder);
    });

    public static GeneratedHub Hub => Generated.Value;

    private static readonly Lazy<HubTruth> TruthFile = new(() =>
        JsonSerializer.Deserialize<HubTruth>(File.ReadAllText(Path.Combine(Folder, HubGenerator.TruthFileName)), HubCatalogFile.Json)!);

    /// <summary>What each model really is (truth.json): for scoring, never for HubWatch itself.</summary>
    public static HubTruth Truth => TruthFile.Value;

    public static string Folder => Hub.Folder;

    public static int ModelCount => Hub.Repos.Count;

    public static int BeforeTrackingCount => Hub.Repos.Count(r => UploadDate.IsBeforeTracking(r.CreatedAt));

    public static Task<DemoHubServer> ServeAsync(DemoHubFaults? faults = null) => DemoHubServer.StartAsync(Hub, faults: faults);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // another test process may still read it; the OS cleans temp
        }
    }
}
