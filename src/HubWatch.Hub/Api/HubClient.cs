using System.Net;
using System.Text.Json;

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

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new HubRequestException(response.StatusCode, $"the model list at {requestUri} is not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new HubRequestException(response.StatusCode, $"the model list at {requestUri} is not a JSON array");
            return ReadPage(document.RootElement, next);
        }
    }

    /// <summary>Text files larger than this are not read (cards and configs are a few kB; hostile ones are not).</summary>
    public const int MaxTextFileBytes = 1 << 20;

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
        using var response = await http.GetAsync(new Uri($"api/models/{id}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return new ModelLookup(null, null);
        if (IsRedirect(response.StatusCode))
            return new ModelLookup(null, RenamedId(response, id));
        await HubRequestException.ThrowIfFailedAsync(response, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var model = await JsonSerializer.DeserializeAsync<HubModelInfo>(body, Json, ct)
            ?? throw new HubRequestException(response.StatusCode, $"the hub answered null for model {id}");
        return new ModelLookup(model, null);
    }

    /// <summary>The files of a repository at a revision, with sizes and LFS sha256.</summary>
    public async Task<IReadOnlyList<HubTreeEntry>> GetTreeAsync(string id, string revision, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri($"api/models/{id}/tree/{revision}?recursive=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct);
        await HubRequestException.ThrowIfFailedAsync(response, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new HubRequestException(response.StatusCode, $"the file tree of {id} is not valid JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
                throw new HubRequestException(response.StatusCode, $"the file tree of {id} is not a JSON array");
            // an entry without a path, or with a path seen before, adds nothing
            return [.. TolerantListConverter<HubTreeEntry>.Elements(document.RootElement, Json, e => !string.IsNullOrWhiteSpace(e.Path)).DistinctBy(e => e.Path)];
        }
    }

    /// <summary>
    /// A small text file of a repository (card, mergekit config, shard index) through <c>/resolve/</c>, or null when
    /// it does not exist. Never config.json: read the API's <c>config</c> field, a resolve of it counts as a download.
    /// </summary>
    public async Task<string?> GetTextFileAsync(string id, string revision, string path, CancellationToken ct)
    {
        if (path.Equals("config.json", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("config.json is read from the API's config field, never through /resolve/ (it would count as a download)", nameof(path));
        var uri = new Uri($"{id}/resolve/{revision}/{path}", UriKind.Relative);
        for (var hops = 0; hops < 5; hops++)
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return null;
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                uri = location;
                continue;
            }
            await HubRequestException.ThrowIfFailedAsync(response, ct);
            if (response.Content.Headers.ContentLength > MaxTextFileBytes)
                throw new HubRequestException(response.StatusCode, $"{path} of {id} is {response.Content.Headers.ContentLength} bytes; text files over {MaxTextFileBytes} are not read");
            return await ReadCappedAsync(response.Content, ct);
        }
        throw new HubRequestException(HttpStatusCode.TemporaryRedirect, $"too many redirects for {path} of {id}");
    }

    /// <summary>Reads at most <see cref="MaxTextFileBytes"/>, whatever the server claims or sends.</summary>
    private static async Task<string> ReadCappedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var text = new MemoryStream((int)Math.Min(content.Headers.ContentLength ?? 4096, MaxTextFileBytes));
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (text.Length + n > MaxTextFileBytes)
                throw new HubRequestException(HttpStatusCode.OK, $"a text file over {MaxTextFileBytes} bytes was not read");
            text.Write(buffer, 0, n);
        }
        return System.Text.Encoding.UTF8.GetString(text.GetBuffer(), 0, (int)text.Length);
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect or HttpStatusCode.MovedPermanently or HttpStatusCode.Found;

    /// <summary>The id in a redirect's Location (<c>/api/models/{new id}</c>); the old one when it cannot be read.</summary>
    private static string RenamedId(HttpResponseMessage response, string id)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : location.Split('?')[0];
        const string prefix = "/api/models/";
        return path.StartsWith(prefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(path[prefix.Length..]) : id;
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
