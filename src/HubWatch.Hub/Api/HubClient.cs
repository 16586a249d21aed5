using System.Net;
using System.Text.Json;
using HubWatch.Domain.Hub;

namespace HubWatch.Hub.Api;

/// <summary>
/// Typed client of a hub that speaks the Hugging Face API. Its <see cref="HttpClient.BaseAddress"/> is the hub root
/// (<c>https://huggingface.co/</c>, or the embedded demo hub).
/// </summary>
public sealed class HubClient(HttpClient http)
{
    /// <summary>Fields HubWatch asks list pages for; the Hub returns only these (plus ids) when expand[] is given.</summary>
    public static readonly IReadOnlyList<string> ListFields =
    [
        "author", "sha", "createdAt", "lastModified", "private", "gated", "disabled", "tags", "pipeline_tag",
        "library_name", "downloads", "likes", "cardData", "siblings", "safetensors", "config",
    ];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Every request reads headers first (HttpCompletionOption.ResponseHeadersRead): HttpClient's default buffers a
    // whole body, up to 2 GB, before the status can even be looked at.

    /// <summary>The first page of the newest-first listing; later pages come from <see cref="HubModelPage.Next"/>.</summary>
    public static Uri NewestFirst(int pageSize) => Listing("createdAt", pageSize);

    /// <summary>The first page of the most-recently-modified-first listing: what a refresh reads.</summary>
    public static Uri RecentlyModifiedFirst(int pageSize) => Listing("lastModified", pageSize);

    private static Uri Listing(string sort, int pageSize) =>
        new($"api/models?sort={sort}&direction=-1&limit={pageSize}{string.Concat(ListFields.Select(f => $"&expand[]={f}"))}", UriKind.Relative);

    public async Task<HubModelPage> GetModelPageAsync(Uri page, CancellationToken ct)
    {
        using var response = await http.GetAsync(page, HttpCompletionOption.ResponseHeadersRead, ct);
        await HubRequestException.ThrowIfFailedAsync(response, ct);
        var requestUri = response.RequestMessage?.RequestUri ?? new Uri(http.BaseAddress!, page);
        var next = response.Headers.TryGetValues("Link", out var links) ? LinkHeader.FindNext(links, requestUri) : null;
        if (next is not null && Uri.Compare(next, http.BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            throw new HubRequestException(response.StatusCode, $"the next page of {requestUri.AbsolutePath} is said to be at {next.GetLeftPart(UriPartial.Authority)}, not on the hub: not followed");

        using var document = await ReadJsonAsync(response, MaxListPageBytes, $"the model list at {requestUri}", ct);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new HubRequestException(response.StatusCode, $"the model list at {requestUri} is not a JSON array");
        return ReadPage(document.RootElement, next);
    }

    // Caps per kind of answer, far above what the Hub sends (a list page of 1,000 models with their files is a few
    // MB; the largest trees list tens of thousands of files): above them a hub is hostile or broken, and HubWatch
    // would otherwise buffer whatever it is sent.

    /// <summary>Text files larger than this are not read (cards and configs are a few kB; hostile ones are not).</summary>
    public const int MaxTextFileBytes = 1 << 20;

    public const int MaxListPageBytes = 64 << 20;

    public const int MaxModelInfoBytes = 16 << 20;

    public const int MaxTreeBytes = 64 << 20;

    /// <summary>Full model info, following renames; null when the hub says the repository does not exist.</summary>
    public async Task<HubModelInfo?> GetModelAsync(string id, CancellationToken ct)
    {
        for (var hops = 0; hops < 3; hops++)
        {
            var lookup = await LookupModelAsync(id, ct);
            if (lookup.RenamedTo is not { } renamed)
                return lookup.Model;
            id = renamed;
        }
        throw new HubRequestException(HttpStatusCode.TemporaryRedirect, $"too many renames for {id}");
    }

    /// <summary>
    /// One id as the hub answers it: the model, a 307 to the repository's new id (the Hub's answer for renamed
    /// repositories, recorded as a rename), or gone. Needs a handler that does not follow redirects itself.
    /// </summary>
    public async Task<ModelLookup> LookupModelAsync(string id, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri($"api/models/{Escaped(id)}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return new ModelLookup(null, null);
        if (Http.HubRedirectHandler.IsRedirect(response.StatusCode))
            return new ModelLookup(null, RenamedId(response, id));
        await HubRequestException.ThrowIfFailedAsync(response, ct);
        var body = await ReadCappedAsync(response, MaxModelInfoBytes, $"the model info of {id}", ct);
        try
        {
            var model = JsonSerializer.Deserialize<HubModelInfo>(body.Span, Json)
                ?? throw new HubRequestException(response.StatusCode, $"the hub answered null for model {id}");
            return new ModelLookup(model, null);
        }
        catch (JsonException e)
        {
            throw new HubRequestException(response.StatusCode, $"the model info of {id} is not valid JSON ({e.Message})");
        }
    }

    /// <summary>The files of a repository at a revision, with sizes and LFS sha256.</summary>
    public async Task<IReadOnlyList<HubTreeEntry>> GetTreeAsync(string id, string revision, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri($"api/models/{Escaped(id)}/tree/{Uri.EscapeDataString(revision)}?recursive=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
        await HubRequestException.ThrowIfFailedAsync(response, ct);
        using var document = await ReadJsonAsync(response, MaxTreeBytes, $"the file tree of {id}", ct);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new HubRequestException(response.StatusCode, $"the file tree of {id} is not a JSON array");
        // an entry without a path, or with a path seen before, adds nothing
        return [.. TolerantListConverter<HubTreeEntry>.Elements(document.RootElement, Json, e => !string.IsNullOrWhiteSpace(e.Path)).DistinctBy(e => e.Path)];
    }

    /// <summary>
    /// A small text file of a repository (card, mergekit config, shard index) through <c>/resolve/</c>, or null when
    /// it does not exist. Never config.json: read the API's <c>config</c> field, a resolve of it counts as a download.
    /// Redirects (to a CDN, from a renamed repository) are followed by the handlers where they may lead.
    /// </summary>
    public async Task<string?> GetTextFileAsync(string id, string revision, string path, CancellationToken ct)
    {
        if (path.Equals("config.json", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("config.json is read from the API's config field, never through /resolve/ (it would count as a download)", nameof(path));
        using var response = await http.GetAsync(FileUri(id, revision, path), HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await HubRequestException.ThrowIfFailedAsync(response, ct);
        var text = await ReadCappedAsync(response, MaxTextFileBytes, $"{path} of {id}", ct);
        return System.Text.Encoding.UTF8.GetString(text.Span);
    }

    /// <summary><c>{id}/resolve/{revision}/{path}</c>, each part escaped: ids, commits and paths come from hub answers.</summary>
    public static Uri FileUri(string id, string revision, string path) =>
        new($"{Escaped(id)}/resolve/{Uri.EscapeDataString(revision)}/{EscapedPath(path)}", UriKind.Relative);

    /// <summary>A model id as a path (<c>owner/name</c>); an id a hub could not serve is refused before any request.</summary>
    private static string Escaped(string id) => RepoId.IsValid(id)
        ? EscapedPath(id)
        : throw new HubRequestException(HttpStatusCode.BadRequest, $"'{Shown(id)}' is not a model id");

    private static string EscapedPath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string Shown(string text) => text.Length > 100 ? text[..100] + "…" : text;

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, int cap, string what, CancellationToken ct)
    {
        var body = await ReadCappedAsync(response, cap, what, ct);
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new HubRequestException(response.StatusCode, $"{what} is not valid JSON ({e.Message})");
        }
    }

    /// <summary>
    /// The whole body, refused (a permanent <see cref="HubRequestException"/>) when it is or would grow over
    /// <paramref name="cap"/> bytes, whatever the server claims or sends. Its deadline is the handlers' body timeout.
    /// </summary>
    private static async Task<ReadOnlyMemory<byte>> ReadCappedAsync(HttpResponseMessage response, int cap, string what, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > cap)
            throw new HubRequestException(HttpStatusCode.OK, $"{what} is {response.Content.Headers.ContentLength} bytes; answers of this kind over {cap} are not read");
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var body = new MemoryStream((int)Math.Min(response.Content.Headers.ContentLength ?? 16 * 1024, cap));
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + n > cap)
                throw new HubRequestException(HttpStatusCode.OK, $"{what} is over {cap} bytes; answers of this kind over {cap} are not read");
            body.Write(buffer, 0, n);
        }
        return body.ToArray();
    }

    /// <summary>
    /// The id in a redirect's Location (<c>/api/models/{new id}</c>); the old one when it cannot be read. A target that
    /// is not a model id (<c>../admin</c>, a query) is refused: it would be stored and asked for next.
    /// </summary>
    private static string RenamedId(HttpResponseMessage response, string id)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : location.Split('?')[0];
        const string prefix = "/api/models/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
            return id;
        var renamed = Uri.UnescapeDataString(path[prefix.Length..]);
        return RepoId.IsValid(renamed)
            ? renamed
            : throw new HubRequestException(response.StatusCode, $"{id} is said to be renamed to '{Shown(renamed)}', which is not a model id");
    }

    /// <summary>Reads each element on its own, so one malformed model costs that model only.</summary>
    private static HubModelPage ReadPage(JsonElement array, Uri? next)
    {
        var models = new List<HubModelInfo>();
        var errors = new List<HubItemError>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            try
            {
                var model = element.Deserialize<HubModelInfo>(Json);
                if (model is null || string.IsNullOrWhiteSpace(model.Id))
                    errors.Add(new HubItemError(index, null, "element has no id"));
                else
                    models.Add(model);
            }
            catch (JsonException e)
            {
                errors.Add(new HubItemError(index, TryGetId(element), e.Message));
            }
            index++;
        }
        return new HubModelPage(models, errors, next);
    }

    private static string? TryGetId(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
