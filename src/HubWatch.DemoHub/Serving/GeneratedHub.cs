using System.Collections.Concurrent;
using System.Text.Json;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Ecosystem;
using HubWatch.DemoHub.Files;
using HubWatch.DemoHub.Recipes;

namespace HubWatch.DemoHub.Serving;

/// <summary>
/// A generated demo hub opened for serving: its repositories (from hub.json), their text files on disk and their
/// weight files computed on demand. truth.json is not read.
/// </summary>
public sealed class GeneratedHub
{
    /// <summary>Whole-file SHA-256 is computed for files up to this size; the virtual giants' shards are skipped.</summary>
    public const long HashLimit = 1L << 30;

    private readonly Dictionary<string, HubRepo> _byId;
    private readonly Dictionary<string, string> _renamed;
    private readonly ConcurrentDictionary<(string, string), Lazy<WeightFileLayout>> _layouts = new();
    private readonly ConcurrentDictionary<(string, string), Lazy<string?>> _hashes = new();

    private GeneratedHub(string folder, HubCatalogFile catalog)
    {
        Folder = folder;
        Catalog = catalog;
        Repos = [.. catalog.Repos.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.MongoId, StringComparer.Ordinal)];
        _byId = catalog.Repos.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _renamed = catalog.Repos.Where(r => r.RenamedFrom is not null).ToDictionary(r => r.RenamedFrom!, r => r.Id, StringComparer.Ordinal);
        Recipes = new RecipeBook(catalog.Repos.ToDictionary(r => r.Id, r => r.Recipe, StringComparer.Ordinal));
    }

    public string Folder { get; }
    public HubCatalogFile Catalog { get; }
    public string Description => Catalog.Description;

    /// <summary>Newest first, ties broken by <c>_id</c>, as the Hub lists them.</summary>
    public IReadOnlyList<HubRepo> Repos { get; }

    public RecipeBook Recipes { get; }

    public static GeneratedHub Load(string folder)
    {
        var path = Path.Combine(folder, HubCatalogFile.FileName);
        using var stream = File.OpenRead(path);
        var catalog = JsonSerializer.Deserialize<HubCatalogFile>(stream, HubCatalogFile.Json)
            ?? throw new InvalidDataException($"{path} is empty");
        if (catalog.Version != HubCatalogFile.CurrentVersion)
            throw new InvalidDataException($"{path} is version {catalog.Version}; this HubWatch reads version {HubCatalogFile.CurrentVersion}. Generate it again.");
        return new GeneratedHub(folder, catalog);
    }

    /// <summary>Loads the hub in <paramref name="folder"/>, generating it first when the folder holds none.</summary>
    public static GeneratedHub LoadOrGenerate(string folder, ulong seed, DateTimeOffset now, int baseMonthlyUploads = 40)
    {
        if (!File.Exists(Path.Combine(folder, HubCatalogFile.FileName)))
            HubGenerator.Generate(seed, now, folder, baseMonthlyUploads);
        return Load(folder);
    }

    public HubRepo? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The current id of a renamed repository (the Hub answers 307 at the old one).</summary>
    public string? RenamedTo(string oldId) => _renamed.GetValueOrDefault(oldId);

    public string TextFilePath(HubRepo repo, RepoFile file) => Path.Combine(Folder, HubGenerator.ReposFolder, repo.Id, file.Path);

    public WeightFileLayout LayoutOf(HubRepo repo, RepoFile file) =>
        _layouts.GetOrAdd((repo.Id, file.Path), _ => new Lazy<WeightFileLayout>(() => WeightFileLayout.For(repo, file.Weights!))).Value;

    public VirtualWeightFile Open(HubRepo repo, RepoFile file) => new(LayoutOf(repo, file), Recipes.WeightsOf(repo.Id));

    public long SizeOf(HubRepo repo, RepoFile file) =>
        file.IsText ? new FileInfo(TextFilePath(repo, file)).Length : LayoutOf(repo, file).Length;

    /// <summary>The LFS sha256 of a weight file (computed once, on first request), or null above <see cref="HashLimit"/>.</summary>
    public string? Sha256Of(HubRepo repo, RepoFile file) =>
        _hashes.GetOrAdd((repo.Id, file.Path), _ => new Lazy<string?>(() =>
        {
            var virtualFile = Open(repo, file);
            return virtualFile.Length > HashLimit ? null : Convert.ToHexStringLower(virtualFile.Sha256());
        })).Value;
}
