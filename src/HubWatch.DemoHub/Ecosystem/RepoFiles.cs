using System.Text.Json;
using System.Text.Json.Nodes;
using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Files;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.Domain.Lineage;

namespace HubWatch.DemoHub.Ecosystem;

/// <summary>The files of a planned repository and the text of those that are not weights.</summary>
internal static class RepoFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public const string GitAttributes = "*.safetensors filter=lfs diff=lfs merge=lfs -text\n*.gguf filter=lfs diff=lfs merge=lfs -text\n*.bin filter=lfs diff=lfs merge=lfs -text\n";

    public static List<RepoFile> For(Draft draft)
    {
        var files = new List<RepoFile> { new(".gitattributes"), new("README.md") };
        switch (draft.Encoding)
        {
            case var encoding when GgufRecipe.Of(encoding) is { } recipe:
                files.Add(new RepoFile($"{draft.Name}.{recipe.FileType}.gguf", new WeightFile(WeightFormat.Gguf, draft.Encoding)));
                return files;
            case var _ when draft.Kind == UploadKind.Adapter:
                files.Add(new RepoFile("adapter_config.json"));
                files.Add(new RepoFile("adapter_model.safetensors", new WeightFile(WeightFormat.Adapter, draft.Encoding)));
                return files;
        }
        files.Add(new RepoFile("config.json"));
        if (draft.Encoding == "GPTQ")
            files.Add(new RepoFile("quantize_config.json"));
        if (draft.MergekitConfig is not null)
            files.Add(new RepoFile("mergekit_config.yml"));
        var naming = draft.Naming ?? (draft.Transforms.Contains(Transforms.Renamed) ? TensorNaming.LlamaCpp : TensorNaming.Transformers);
        var transposed = draft.Transforms.Contains(Transforms.Transposed);
        if (draft.Shards == 1)
        {
            files.Add(new RepoFile("model.safetensors", new WeightFile(WeightFormat.Safetensors, draft.Encoding, naming, Transposed: transposed, WithoutHead: draft.WithoutHead)));
            return files;
        }
        files.Add(new RepoFile("model.safetensors.index.json"));
        for (var k = 1; k <= draft.Shards; k++)
            files.Add(new RepoFile(ShardName(k, draft.Shards), new WeightFile(WeightFormat.Safetensors, draft.Encoding, naming, k, draft.Shards, transposed)));
        return files;
    }

    public static string ShardName(int shard, int shards) => $"model-{shard:D5}-of-{shards:D5}.safetensors";

    /// <summary>The content of a text file of the repository.</summary>
    public static string Text(Draft draft, HubRepo repo, string path) => path switch
    {
        ".gitattributes" => GitAttributes,
        "README.md" => Texts.ModelCard.For(draft),
        "config.json" => ConfigJson(draft.Architecture, draft.Encoding).ToJsonString(Indented),
        "quantize_config.json" => GptqConfig().ToJsonString(Indented),
        "mergekit_config.yml" => draft.MergekitConfig!,
        "model.safetensors.index.json" => IndexJson(repo, draft.MergekitTags).ToJsonString(Indented),
        "adapter_config.json" => AdapterConfig(draft).ToJsonString(Indented),
        _ => throw new ArgumentException($"{path} is not a text file of {repo.Id}"),
    };

    public static JsonObject ConfigJson(Architecture arch, string encoding)
    {
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray(arch.ClassName),
            ["model_type"] = arch.ModelType,
            ["hidden_size"] = arch.Hidden,
            ["intermediate_size"] = arch.Intermediate,
            ["num_attention_heads"] = arch.Heads,
            ["num_hidden_layers"] = arch.Layers,
            ["num_key_value_heads"] = arch.KvHeads,
            ["vocab_size"] = arch.Vocab,
            ["max_position_embeddings"] = 2048,
            ["rms_norm_eps"] = 1e-5,
            ["rope_theta"] = 10000.0,
            ["tie_word_embeddings"] = arch.TiedEmbeddings,
            ["torch_dtype"] = encoding switch { "F32" => "float32", "F16" or "GPTQ" or "AWQ" => "float16", _ => "bfloat16" },
            ["transformers_version"] = "4.46.0",
        };
        if (encoding == "NF4")
        {
            // as transformers writes a model loaded with BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4")
            config["quantization_config"] = new JsonObject
            {
                ["quant_method"] = "bitsandbytes",
                ["load_in_4bit"] = true,
                ["bnb_4bit_quant_type"] = "nf4",
                ["bnb_4bit_use_double_quant"] = false,
                ["bnb_4bit_compute_dtype"] = "bfloat16",
                ["bnb_4bit_quant_storage"] = "uint8",
            };
        }
        if (encoding == "GPTQ")
            config["quantization_config"] = GptqConfig();
        if (encoding == "AWQ")
        {
            // as AutoAWQ's save_quantized writes it
            config["quantization_config"] = new JsonObject
            {
                ["quant_method"] = "awq",
                ["bits"] = 4,
                ["group_size"] = GroupQuant.GroupSize,
                ["zero_point"] = true,
                ["version"] = "gemm",
                ["modules_to_not_convert"] = null,
            };
        }
        if (encoding == "FP8")
        {
            // as DeepSeek-V3 and Qwen3-FP8 write it
            config["quantization_config"] = new JsonObject
            {
                ["quant_method"] = "fp8",
                ["fmt"] = "e4m3",
                ["activation_scheme"] = "dynamic",
                ["weight_block_size"] = new JsonArray(128, 128),
            };
        }
        if (arch.IsMixtureOfExperts)
        {
            config["num_local_experts"] = arch.Experts;
            config["num_experts_per_tok"] = 2;
        }
        return config;
    }

    /// <summary>AutoGPTQ's quantize_config.json (also config.json's quantization_config): 4-bit, groups of 128, no act order, v1 zeros.</summary>
    private static JsonObject GptqConfig() => new()
    {
        ["bits"] = 4,
        ["group_size"] = GroupQuant.GroupSize,
        ["damp_percent"] = 0.01,
        ["desc_act"] = false,
        ["static_groups"] = false,
        ["sym"] = true,
        ["true_sequential"] = true,
        ["model_file_base_name"] = "model",
        ["quant_method"] = "gptq",
        ["checkpoint_format"] = "gptq",
    };

    /// <summary>The shard index; mergekit writes its version into the metadata (primer §4).</summary>
    private static JsonObject IndexJson(HubRepo repo, bool mergekit)
    {
        var metadata = new JsonObject();
        var weightMap = new JsonObject();
        long total = 0;
        foreach (var file in repo.Files.Where(f => f.Weights is not null))
        {
            var layout = WeightFileLayout.For(repo, file.Weights!);
            foreach (var (tensor, begin, end) in layout.Tensors)
            {
                weightMap[tensor.Name] = file.Path;
                total += end - begin;
            }
        }
        metadata["total_size"] = total;
        if (mergekit)
            metadata["mergekit_version"] = "0.1.4";
        return new JsonObject { ["metadata"] = metadata, ["weight_map"] = weightMap };
    }

    private static JsonObject AdapterConfig(Draft draft)
    {
        var recipe = (LowRankRecipe)draft.Recipe;
        return new JsonObject
        {
            ["base_model_name_or_path"] = recipe.Parent,
            ["peft_type"] = "LORA",
            ["task_type"] = "CAUSAL_LM",
            ["r"] = recipe.Rank,
            ["lora_alpha"] = 2 * recipe.Rank,
            ["lora_dropout"] = 0.05,
            ["target_modules"] = new JsonArray([.. recipe.Targets.Select(t => (JsonNode)(t switch
            {
                TensorRole.AttentionQ => "q_proj",
                TensorRole.AttentionK => "k_proj",
                TensorRole.AttentionV => "v_proj",
                _ => "o_proj",
            }))]),
        };
    }
}
