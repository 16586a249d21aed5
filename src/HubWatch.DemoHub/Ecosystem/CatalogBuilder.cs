using System.Text.Json.Nodes;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Files;
using HubWatch.DemoHub.Truth;
using HubWatch.DemoHub.Weights;
using HubWatch.Domain.Hub;
using HubWatch.Domain.Lineage;
using HubWatch.Domain.Time;

namespace HubWatch.DemoHub.Ecosystem;

/// <summary>Turns planned drafts into what the hub serves (<see cref="HubRepo"/>) and what is true (<see cref="ModelTruth"/>).</summary>
internal sealed class CatalogBuilder(ulong seed, DateTimeOffset now)
{
    public HubRepo Repo(Draft draft)
    {
        var key = CounterRandom.Key(seed, draft.Id);
        var modified = draft.CreatedAt.AddDays(-20 * Math.Log(CounterRandom.Uniform(key, 1)));
        var downloads = (long)(draft.Popularity * 40 * Math.Exp(1.2 * CounterRandom.Normal(key, 2)));
        return new HubRepo
        {
            Id = draft.Id,
            Author = draft.Author,
            MongoId = MongoId(draft.CreatedAt, key),
            Sha = Hex(key, 3, 40),
            CreatedAt = draft.CreatedAt,
            LastModified = modified < now ? modified : now,
            Downloads = downloads,
            Likes = (long)(Math.Sqrt(downloads) / 3),
            Tags = [.. Tags(draft)],
            LibraryName = draft.Kind == UploadKind.Adapter ? "peft" : GgufRecipe.IsGguf(draft.Encoding) ? null : "transformers",
            CardData = CardData(draft),
            Config = GgufRecipe.IsGguf(draft.Encoding) ? null : ApiConfig(draft),
            Architecture = draft.Architecture.Name,
            Layers = draft.Architecture.Layers,
            Recipe = draft.Recipe,
            Files = [.. RepoFiles.For(draft)],
            RenamedFrom = draft.RenamedFrom,
        };
    }

    public static ModelTruth Truth(Draft draft) => new()
    {
        Id = draft.Id,
        Relation = draft.Relation,
        Parents = [.. draft.Parents],
        Method = draft.Method,
        MergekitMethod = draft.MergekitMethod,
        MergeBase = draft.MergeBase,
        Coefficients = draft.Coefficients,
        Transforms = [.. draft.Transforms],
        License = new LicenseFacts(draft.License, draft.ParentLicenses, draft.ConflictReason is not null, draft.ConflictReason),
        Declared = new DeclaredFacts(draft.DeclaredBaseModels, draft.DeclaredRelation, draft.MergekitTags, draft.MergekitConfig is not null,
            draft.ClaimsIndependent, draft.DeclaresProvenance),
        Month = UploadDate.MonthOf(draft.CreatedAt)?.ToString(),
        Architecture = draft.Architecture.Name,
        Format = GgufRecipe.Of(draft.Encoding) is { } recipe ? $"GGUF {recipe.FileType}" : $"safetensors {draft.Encoding}",
        Case = draft.Case,
    };

    public static MonthTruth[] Monthly(IReadOnlyList<Draft> drafts, Scenario scenario)
    {
        var timeline = scenario.Timeline();
        return [.. timeline.Select((month, index) =>
        {
            var uploads = drafts.Where(d => !d.BeforeTracking && YearMonth.Of(d.CreatedAt) == month).ToList();
            double Share(Func<Draft, bool> which) => uploads.Count == 0 ? 0 : Math.Round((double)uploads.Count(which) / uploads.Count, 4);
            return new MonthTruth(
                month.ToString(),
                uploads.Count,
                DeclaredProvenance: Share(d => d.DeclaresProvenance),
                DeclaredMergekit: Share(d => d.MergekitTags),
                Merges: Share(d => d.Relation == Relations.Merge),
                Finetunes: Share(d => d.Relation == Relations.Finetune),
                Independent: Share(d => d.Relation == Relations.Independent),
                UndeclaredDerivatives: Share(d => d.Relation != Relations.Independent && d.DeclaredBaseModels.Length == 0),
                LicenseConflicts: uploads.Count(d => d.ConflictReason is not null),
                scenario.TargetsFor(index));
        })];
    }

    /// <summary>The part of config.json the API echoes: the class, the model type, and how it was quantised.</summary>
    private static JsonObject ApiConfig(Draft draft)
    {
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray(draft.Architecture.ClassName),
            ["model_type"] = draft.Architecture.ModelType,
        };
        if (RepoFiles.ConfigJson(draft.Architecture, draft.Encoding)["quantization_config"] is { } quantization)
            config["quantization_config"] = quantization.DeepClone();
        return config;
    }

    /// <summary>Tags as the Hub derives them from files and card (base_model:…, license:…, dataset:…).</summary>
    private static IEnumerable<string> Tags(Draft draft)
    {
        var gguf = GgufRecipe.IsGguf(draft.Encoding);
        if (draft.Kind == UploadKind.Adapter)
            yield return "peft";
        else if (!gguf)
            yield return "transformers";
        yield return gguf ? "gguf" : "safetensors";
        if (draft.Encoding is "GPTQ" or "AWQ")
        {
            yield return "4-bit"; // the Hub tags a repository by its quantization_config
            yield return draft.Encoding.ToLowerInvariant();
        }
        yield return draft.Architecture.ModelType;
        yield return "text-generation";
        foreach (var tag in Texts.ModelCard.CardTags(draft).Where(t => t != "gguf"))
            yield return tag;
        var relation = draft.DeclaredRelation
            ?? (draft.DeclaredBaseModels.Length > 1 ? Relations.Merge : gguf ? Relations.Quantized : draft.Kind == UploadKind.Adapter ? Relations.Adapter : Relations.Finetune);
        foreach (var id in draft.DeclaredBaseModels)
        {
            yield return $"base_model:{id}";
            yield return $"base_model:{relation}:{id}";
        }
        foreach (var dataset in draft.Datasets)
            yield return $"dataset:{dataset}";
        if (draft.License is { } license)
            yield return $"license:{license}";
        yield return "region:us";
    }

    private static JsonObject CardData(Draft draft)
    {
        var card = new JsonObject();
        if (draft.License is { } license)
            card["license"] = license;
        if (draft.License == Licenses.Other)
            card["license_name"] = "nexa-community-license";
        if (draft.DeclaredBaseModels.Length == 1 && !draft.MergekitTags)
            card["base_model"] = draft.DeclaredBaseModels[0];
        else if (draft.DeclaredBaseModels.Length > 0)
            card["base_model"] = new JsonArray([.. draft.DeclaredBaseModels.Select(id => (JsonNode)id)]);
        if (draft.DeclaredRelation is { } relation)
            card["base_model_relation"] = relation;
        if (draft.Datasets.Length > 0)
            card["datasets"] = new JsonArray([.. draft.Datasets.Select(d => (JsonNode)d)]);
        card["library_name"] = draft.Kind == UploadKind.Adapter ? "peft" : "transformers";
        var tags = Texts.ModelCard.CardTags(draft);
        if (tags.Count > 0)
            card["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
        return card;
    }

    /// <summary>A Mongo ObjectId: 4 bytes of creation time (seconds), 8 bytes of the model's hash.</summary>
    private static string MongoId(DateTimeOffset createdAt, ulong key) =>
        $"{(uint)createdAt.ToUnixTimeSeconds():x8}{CounterRandom.Hash(key, 4) & 0xFFFFFFFFFFFFFFFFUL:x16}";

    private static string Hex(ulong key, long salt, int length)
    {
        var hex = new System.Text.StringBuilder();
        for (var i = 0; hex.Length < length; i++)
            hex.Append(CounterRandom.Hash(key, salt * 100 + i).ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        return hex.ToString(0, length);
    }
}
