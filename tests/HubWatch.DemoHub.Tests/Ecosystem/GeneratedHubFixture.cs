using System.Text.Json;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Truth;

namespace HubWatch.DemoHub.Tests.Ecosystem;

/// <summary>One default-size demo hub generated into a temporary folder, shared by the tests that read it.</summary>
public sealed class GeneratedHubFixture : IDisposable
{
    public const string Collection = "generated demo hub";

    public const ulong Seed = 42;
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    public GeneratedHubFixture()
    {
        Folder = Directory.CreateTempSubdirectory("hubwatch-demo-").FullName;
        Summary = HubGenerator.Generate(Seed, Now, Folder);
        Catalog = JsonSerializer.Deserialize<HubCatalogFile>(File.ReadAllText(Path.Combine(Folder, HubCatalogFile.FileName)), HubCatalogFile.Json)!;
        Truth = JsonSerializer.Deserialize<HubTruth>(File.ReadAllText(Path.Combine(Folder, HubGenerator.TruthFileName)), HubCatalogFile.Json)!;
    }

    public string Folder { get; }
    public GenerationSummary Summary { get; }
    public HubCatalogFile Catalog { get; }
    public HubTruth Truth { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>The demo hub is generated once for every test class that reads or serves it.</summary>
[CollectionDefinition(GeneratedHubFixture.Collection)]
public sealed class GeneratedHubCollection : ICollectionFixture<GeneratedHubFixture>;
