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
        "library_name", "downloads", "likes", "cardData", "siblings", "safetensors",
    ];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The first page of the newest-first listing; later pages come from <see cref="HubModelPage.Next"/>.</summary>
    public static Uri NewestFirst(int pageSize)
    {
        var expand = string.Concat(ListFields.Select(f => $"&expand[]={f}"));
        return new Uri($"api/models?sort=createdAt&direction=-1&limit={pageSize}{expand}", UriKind.Relative);
    }

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

    /// <summary>Full model info, or null when the hub says the repository does not exist.</summary>
    public async Task<HubModelInfo?> GetModelAsync(string id, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri($"api/models/{id}", UriKind.Relative), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        await HubRequestException.ThrowIfFailedAsync(response, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync<HubModelInfo>(body, Json, ct)
            ?? throw new HubRequestException(response.StatusCode, $"the hub answered null for model {id}");
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
