using System.Text.Json.Nodes;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Models;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;

namespace HubWatch.DemoHub.Files;

/// <summary>The key-value header llama.cpp's converter writes, including the declared lineage keys.</summary>
internal static class GgufMetadata
{
    /// <summary>general.architecture: llama.cpp converts Mistral and Mixtral as "llama".</summary>
    public static string ArchitectureOf(Architecture arch) => arch.ModelType == "qwen2" ? "qwen2" : "llama";

    public static List<GgufMetadataEntry> For(HubRepo repo, Architecture arch, GgufRecipe recipe)
    {
        var gguf = ArchitectureOf(arch);
        var entries = new List<GgufMetadataEntry>
        {
            new("general.architecture", GgufValue.String(gguf)),
            new("general.name", GgufValue.String(repo.Id.Split('/')[^1])),
            new(GgufFileTypes.Key, GgufValue.UInt32(GgufFileTypes.IdOf(recipe.FileType))),
            new("general.quantization_version", GgufValue.UInt32(2)),
            new($"{gguf}.context_length", GgufValue.UInt32(2048)),
            new($"{gguf}.embedding_length", GgufValue.UInt32((uint)arch.Hidden)),
            new($"{gguf}.block_count", GgufValue.UInt32((uint)arch.Layers)),
            new($"{gguf}.feed_forward_length", GgufValue.UInt32((uint)arch.Intermediate)),
            new($"{gguf}.attention.head_count", GgufValue.UInt32((uint)arch.Heads)),
            new($"{gguf}.attention.head_count_kv", GgufValue.UInt32((uint)arch.KvHeads)),
            new($"{gguf}.attention.layer_norm_rms_epsilon", GgufValue.Float32(1e-5f)),
            new($"{gguf}.vocab_size", GgufValue.UInt32((uint)arch.Vocab)),
        };
        if (arch.IsMixtureOfExperts)
        {
            entries.Add(new($"{gguf}.expert_count", GgufValue.UInt32((uint)arch.Experts)));
            entries.Add(new($"{gguf}.expert_used_count", GgufValue.UInt32(2)));
        }
        var declared = repo.CardData["base_model"] switch
        {
            JsonArray list => list.Select(n => (string?)n).OfType<string>().ToList(),
            JsonValue one => [(string)one!],
            _ => [],
        };
        if (declared.Count > 0)
        {
            entries.Add(new("general.base_model.count", GgufValue.UInt32((uint)declared.Count)));
            for (var i = 0; i < declared.Count; i++)
            {
                entries.Add(new($"general.base_model.{i}.name", GgufValue.String(declared[i].Split('/')[^1])));
                entries.Add(new($"general.base_model.{i}.repo_url", GgufValue.String($"https://huggingface.co/{declared[i]}")));
            }
        }
        entries.Add(new("tokenizer.ggml.model", GgufValue.String(gguf == "qwen2" ? "gpt2" : "llama")));
        return entries;
    }
}
