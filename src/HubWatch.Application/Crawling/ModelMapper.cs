using System.Text.Json;
using HubWatch.Data.Entities;
using HubWatch.Domain.Hub;
using HubWatch.Domain.Lineage;
using HubWatch.Hub.Api;

namespace HubWatch.Application.Crawling;

/// <summary>Copies what the hub says about a model onto its stored row.</summary>
internal static class ModelMapper
{
    public static void Apply(HubModel model, HubModelInfo info, DateTime now)
    {
        model.Author = info.Author ?? RepoId.AuthorOf(info.Id);
        model.Sha = info.Sha ?? model.Sha;
        if (info.CreatedAt is { } created)
        {
            model.CreatedAt = created.UtcDateTime;
            model.UploadMonth = UploadDate.MonthOf(created)?.ToString();
        }
        model.LastModified = info.LastModified?.UtcDateTime ?? model.LastModified;
        model.PipelineTag = info.PipelineTag;
        model.LibraryName = info.LibraryName;
        model.Gated = info.Gated;
        model.Downloads = info.Downloads;
        model.Likes = info.Likes;
        model.Tags = [.. info.Tags];
        model.License = DeclaredLicense(info);
        model.LicenseName = info.CardData?.LicenseName;
        model.Datasets = [.. info.CardData?.Datasets ?? []];
        model.DeclaredBaseModels = [.. info.CardData?.BaseModel ?? []];
        model.DeclaredRelation = DeclaredRelation(info);
        model.ParameterCount = info.Safetensors?.Total is > 0 ? info.Safetensors.Total : model.ParameterCount;
        model.Architecture = Truncate(info.Config?.Architecture, 100) ?? model.Architecture;
        if (info.Config is { } config)
        {
            model.QuantizationConfig = config.QuantizationConfig is { ValueKind: JsonValueKind.Object } quantization
                && quantization.GetRawText() is { Length: <= 4000 } text ? text : null; // cut JSON would be no JSON
        }
        model.LastCrawledAt = now;
        if (info.Siblings.Count > 0)
            ApplyFiles(model, info.Siblings);
    }

    private static string? Truncate(string? text, int length) => text is { Length: > 0 } ? text[..Math.Min(text.Length, length)] : null;

    private static string? DeclaredLicense(HubModelInfo info)
    {
        var declared = info.CardData?.License.FirstOrDefault()
            ?? info.Tags.FirstOrDefault(t => t.StartsWith("license:", StringComparison.Ordinal))?["license:".Length..];
        return string.IsNullOrWhiteSpace(declared) ? null : declared.Trim().ToLowerInvariant();
    }

    /// <summary>Explicit on the card, else as the Hub derives it: its <c>base_model:&lt;relation&gt;:</c> tags, a list means merge.</summary>
    private static string? DeclaredRelation(HubModelInfo info)
    {
        if (info.CardData?.BaseModelRelation is { Length: > 0 } explicitRelation)
            return explicitRelation.ToLowerInvariant();
        var tagged = Relations.Declarable.FirstOrDefault(r => info.Tags.Any(t => t.StartsWith($"base_model:{r}:", StringComparison.Ordinal)));
        if (tagged is not null)
            return tagged;
        return info.CardData?.BaseModel.Count > 1 ? Relations.Merge : null;
    }

    private static void ApplyFiles(HubModel model, IReadOnlyList<HubSibling> siblings)
    {
        var listed = siblings.DistinctBy(s => s.FileName).ToDictionary(s => s.FileName);
        model.Files.RemoveAll(f => !listed.ContainsKey(f.Path));
        foreach (var sibling in listed.Values)
        {
            var file = model.Files.FirstOrDefault(f => f.Path == sibling.FileName);
            if (file is null)
                model.Files.Add(file = new ModelFile { ModelId = model.Id, Path = sibling.FileName });
            file.Size = sibling.Lfs?.Size ?? sibling.Size ?? file.Size;
            file.LfsSha256 = sibling.Lfs?.Sha256 ?? file.LfsSha256;
        }
    }
}
