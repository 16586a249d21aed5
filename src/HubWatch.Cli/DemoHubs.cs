using System.CommandLine;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Serving;

namespace HubWatch.Cli;

/// <summary>How every verb finds and serves a demo hub: one option, one default seed, one way to start it.</summary>
internal static class DemoHubs
{
    public static readonly string DefaultFolder = Path.Combine("data", "demo-hub");

    /// <summary><c>--demo DIR</c>: a demo hub folder, generated there with the default seed when missing.</summary>
    public static Option<string> FolderOption(string? description = null) => new("--demo")
    {
        Description = description ?? $"Demo hub folder (generated there with seed {HubGenerator.DefaultSeed} when missing)",
        DefaultValueFactory = _ => DefaultFolder,
    };

    public static bool Holds(string folder, bool withTruth = false) =>
        File.Exists(Path.Combine(folder, HubCatalogFile.FileName)) && (!withTruth || File.Exists(Path.Combine(folder, HubGenerator.TruthFileName)));

    /// <summary>Serves the hub in <paramref name="folder"/> on a loopback port, generating it first (default seed and scale) when <paramref name="generate"/> allows.</summary>
    public static async Task<DemoHubServer> StartAsync(string folder, CancellationToken ct, bool generate = true, int port = 0, DemoHubFaults? faults = null)
    {
        var hub = generate ? GeneratedHub.LoadOrGenerate(folder, HubGenerator.DefaultSeed, DateTimeOffset.UtcNow) : GeneratedHub.Load(folder);
        return await DemoHubServer.StartAsync(hub, port, faults, ct: ct);
    }
}
