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

    /// <summary>
    /// Above this size the LFS sha256 is taken over what makes the file's bytes — the model its values come from (after
    /// exact copies), the architecture and the file's encoding, naming and shard — instead of over the bytes: hashing a
    /// gigabyte of computed values per file would stall the tree listing, and equal makings give equal bytes.
    /// </summary>
    public const long ComputedHashLimit = 64L << 20;

    private readonly ConcurrentDictionary<(string, string), Lazy<WeightFileLayout>> _layouts = new();
    private readonly ConcurrentDictionary<(string, string), Lazy<string?>> _hashes = new();
    private readonly Lock _gate = new();
    private State _state;

    /// <summary>
    /// The repositories as served now. Edits, deletions and renames made while serving (hub activity a crawler must
    /// notice) replace the whole state, so readers always see one consistent snapshot.
    /// </summary>
    private sealed record State(
        IReadOnlyList<HubRepo> Repos,
        IReadOnlyDictionary<string, HubRepo> ById,
        IReadOnlyDictionary<string, string> Renamed,
        IReadOnlyDictionary<string, string> StorageIds)
    {
        public IReadOnlyDictionary<(string Id, string Path), string> Texts { get; init; } = new Dictionary<(string, string), string>();

        public static State Of(IEnumerable<HubRepo> repos, IReadOnlyDictionary<string, string> renamed, IReadOnlyDictionary<string, string> storage)
        {
            var list = repos.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.MongoId, StringComparer.Ordinal).ToList();
            return new State(list, list.ToDictionary(r => r.Id, StringComparer.Ordinal), renamed, storage);
        }
    }

    private GeneratedHub(string folder, HubCatalogFile catalog)
    {
        Folder = folder;
        Catalog = catalog;
        var renamed = catalog.Repos.Where(r => r.RenamedFrom is not null).ToDictionary(r => r.RenamedFrom!, r => r.Id, StringComparer.Ordinal);
        _state = State.Of(catalog.Repos, renamed, new Dictionary<string, string>());
        Recipes = new RecipeBook(catalog.Repos.Select(r => KeyValuePair.Create(r.Id, r.Recipe)).Concat(catalog.Unpublished).ToDictionary(StringComparer.Ordinal));
    }

    public string Folder { get; }
    public HubCatalogFile Catalog { get; }
    public string Description => Catalog.Description;

    /// <summary>Newest first, ties broken by <c>_id</c>, as the Hub lists them.</summary>
    public IReadOnlyList<HubRepo> Repos => _state.Repos;

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
    /// <remarks>
    /// The hub is generated beside the folder and moved into place: two processes starting at once, or a crash during
    /// generation, never leave a half-written hub behind.
    /// </remarks>
    public static GeneratedHub LoadOrGenerate(string folder, ulong seed, DateTimeOffset now, int baseMonthlyUploads = HubGenerator.DefaultScale)
    {
        var catalog = Path.Combine(folder, HubCatalogFile.FileName);
        if (!File.Exists(catalog))
        {
            var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
            var staging = $"{full}.generating-{Guid.NewGuid():N}";
            HubGenerator.Generate(seed, now, staging, baseMonthlyUploads);
            try
            {
                if (Directory.Exists(full) && !File.Exists(catalog))
                    DeleteLeftovers(full);
                Directory.Move(staging, full);
            }
            catch (IOException) when (File.Exists(catalog))
            {
                Directory.Delete(staging, recursive: true); // another process finished first: its hub is the same
            }
        }
        return Load(folder);
    }

    /// <summary>What a crashed earlier attempt left; another process starting at once may be deleting it too.</summary>
    private static void DeleteLeftovers(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // the other process got there first
        }
    }

    public HubRepo? Find(string id) => _state.ById.GetValueOrDefault(id);

    /// <summary>The current id of a renamed repository (the Hub answers 307 at the old one).</summary>
    public string? RenamedTo(string oldId) => _state.Renamed.GetValueOrDefault(oldId);

    /// <summary>Changes a repository while serving (a card edit, a licence change); lastModified moves to <paramref name="at"/>.</summary>
    public void Edit(string id, DateTimeOffset at, Func<HubRepo, HubRepo> change) => Mutate(state =>
    {
        var edited = change(state.ById[id]) with { Id = id, LastModified = at };
        return State.Of(state.Repos.Select(r => r.Id == id ? edited : r), state.Renamed, state.StorageIds) with { Texts = state.Texts };
    });

    /// <summary>Removes a repository while serving: its id answers 404 from then on.</summary>
    public void Delete(string id) => Mutate(state => State.Of(state.Repos.Where(r => r.Id != id), state.Renamed, state.StorageIds) with { Texts = state.Texts });

    /// <summary>Renames a repository while serving: the old id answers 307 to the new one.</summary>
    public void Rename(string oldId, string newId) => Mutate(state =>
    {
        var storage = new Dictionary<string, string>(state.StorageIds) { [newId] = StorageIdOf(state, oldId) };
        var renamed = new Dictionary<string, string>(state.Renamed) { [oldId] = newId };
        return State.Of(state.Repos.Select(r => r.Id == oldId ? r with { Id = newId, RenamedFrom = oldId } : r), renamed, storage) with { Texts = state.Texts };
    });

    private void Mutate(Func<State, State> change)
    {
        lock (_gate)
            _state = change(_state);
    }

    /// <summary>Where a repository's files and recipe live: under the id it was generated with.</summary>
    private string StorageIdOf(string id) => StorageIdOf(_state, id);

    private static string StorageIdOf(State state, string id) => state.StorageIds.GetValueOrDefault(id, id);

    private string TextFilePath(HubRepo repo, RepoFile file) => Path.Combine(Folder, HubGenerator.ReposFolder, StorageIdOf(repo.Id), file.Path);

    /// <summary>A text file's bytes: an edit made while serving, else the generated file.</summary>
    public byte[] ReadText(HubRepo repo, RepoFile file) =>
        _state.Texts.TryGetValue((repo.Id, file.Path), out var text) ? System.Text.Encoding.UTF8.GetBytes(text) : File.ReadAllBytes(TextFilePath(repo, file));

    /// <summary>Whether a file was replaced while serving (<see cref="EditText"/>).</summary>
    public bool IsEdited(HubRepo repo, RepoFile file) => _state.Texts.ContainsKey((repo.Id, file.Path));

    /// <summary>
    /// Replaces a file while serving: an uploader editing the card, or a broken weight upload in tests; see
    /// <see cref="Edit"/> for the metadata.
    /// </summary>
    public void EditText(string id, string path, string content) =>
        Mutate(state => state with { Texts = new Dictionary<(string, string), string>(state.Texts) { [(id, path)] = content } });

    public WeightFileLayout LayoutOf(HubRepo repo, RepoFile file) =>
        _layouts.GetOrAdd((StorageIdOf(repo.Id), file.Path), _ => new Lazy<WeightFileLayout>(() => WeightFileLayout.For(repo, file.Weights!))).Value;

    public VirtualWeightFile Open(HubRepo repo, RepoFile file) => new(LayoutOf(repo, file), Recipes.WeightsOf(StorageIdOf(repo.Id)));

    public long SizeOf(HubRepo repo, RepoFile file) =>
        _state.Texts.TryGetValue((repo.Id, file.Path), out var text) ? System.Text.Encoding.UTF8.GetByteCount(text)
        : file.IsText ? new FileInfo(TextFilePath(repo, file)).Length
        : LayoutOf(repo, file).Length;

    /// <summary>The LFS sha256 of a weight file (computed once, on first request), or null above <see cref="HashLimit"/>.</summary>
    public string? Sha256Of(HubRepo repo, RepoFile file) =>
        _hashes.GetOrAdd((StorageIdOf(repo.Id), file.Path), _ => new Lazy<string?>(() =>
        {
            var virtualFile = Open(repo, file);
            if (virtualFile.Length > HashLimit)
                return null;
            if (virtualFile.Length <= ComputedHashLimit)
                return Convert.ToHexStringLower(virtualFile.Sha256());
            var making = $"{Recipes.SourceOf(StorageIdOf(repo.Id))}|{repo.Architecture}|{repo.Layers}|{System.Text.Json.JsonSerializer.Serialize(file.Weights, HubCatalogFile.Json)}";
            return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(making)));
        })).Value;
}
