using HubWatch.DemoHub.Catalog;
using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Recipes;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;
using HubWatch.Formats.Safetensors;

namespace HubWatch.DemoHub.Files;

/// <summary>
/// Where every byte of a weight file comes from: the header prefix, and each stored tensor's byte range. Built from
/// the repository's architecture and the file's encoding alone, so sizes are known without computing a value.
/// </summary>
public sealed class WeightFileLayout
{
    private WeightFileLayout(ReadOnlyMemory<byte> prefix, IReadOnlyList<(StoredTensor Tensor, long Begin, long End)> tensors, long length)
    {
        Prefix = prefix;
        Tensors = tensors;
        Length = length;
    }

    public ReadOnlyMemory<byte> Prefix { get; }
    public IReadOnlyList<(StoredTensor Tensor, long Begin, long End)> Tensors { get; }
    public long Length { get; }

    public static Architecture ArchitectureOf(HubRepo repo) => Architectures.Named(repo.Architecture) with { Layers = repo.Layers };

    public static WeightFileLayout For(HubRepo repo, WeightFile file)
    {
        var arch = ArchitectureOf(repo);
        return file.Format switch
        {
            WeightFormat.Gguf => Gguf(repo, arch, file),
            WeightFormat.Adapter => Safetensors(AdapterTensors(repo, arch, file), new Dictionary<string, string> { ["format"] = "pt" }),
            _ => Safetensors(Shard(FullTensors(arch, file), file), new Dictionary<string, string> { ["format"] = "pt" }),
        };
    }

    private static WeightFileLayout Safetensors(IReadOnlyList<StoredTensor> tensors, Dictionary<string, string> metadata)
    {
        var header = SafetensorsHeader.Build([.. tensors.Select(t => new SafetensorsTensor(t.Name, SafetensorsDtypes.Of(t.Type), t.Shape))], metadata);
        var ranges = tensors.Select((t, i) => (t, header.Entries[i].Begin, header.Entries[i].End)).ToList();
        return new WeightFileLayout(header.Prefix, ranges, header.FileLength);
    }

    /// <summary>A transformers checkpoint's tensors in the file's encoding, naming and orientation.</summary>
    internal static List<StoredTensor> FullTensors(Architecture arch, WeightFile file)
    {
        var stored = new List<StoredTensor>();
        var specs = arch.Tensors()
            .Where(s => !(file.WithoutHead && s.Role == TensorRole.LmHead) && !(file.Naming == TensorNaming.Anonymous && s.Role == TensorRole.Buffer))
            .ToList();
        for (var index = 0; index < specs.Count; index++)
        {
            var spec = specs[index];
            var name = file.Naming switch
            {
                TensorNaming.LlamaCpp => LlamaCppNames.Of(spec.Name),
                TensorNaming.Anonymous => $"onnx::{(spec.IsVector ? "Mul" : spec.Role == TensorRole.Embedding ? "Gather" : "MatMul")}_{1000 + 7 * index}",
                _ => spec.Name,
            };
            if (file.Encoding == "I8" && !spec.IsVector)
            {
                stored.Add(new StoredTensor(name, spec.Shape, TensorType.I8, spec, StoredValues.Int8Codes));
                stored.Add(new StoredTensor(name + "_scale", [spec.Rows, 1], TensorType.F32, spec, StoredValues.Int8Scales));
                continue;
            }
            if (file.Encoding == "NF4" && !spec.IsVector && spec.Role is not (TensorRole.Embedding or TensorRole.LmHead or TensorRole.Router))
            {
                stored.AddRange(Nf4.Tensors(name, spec));
                continue;
            }
            if (file.Encoding is "GPTQ" or "AWQ" && GroupQuant.Packs(spec))
            {
                var module = name[..^".weight".Length];
                stored.AddRange(file.Encoding == "GPTQ" ? GroupQuant.Gptq(module, spec) : GroupQuant.Awq(module, spec));
                continue;
            }
            if (file.Encoding == "FP8" && !spec.IsVector && spec.Role is not (TensorRole.Embedding or TensorRole.LmHead or TensorRole.Router))
            {
                stored.Add(new StoredTensor(name, spec.Shape, TensorType.F8_E4M3, spec, StoredValues.Fp8BlockCodes));
                stored.Add(new StoredTensor(name + "_scale_inv", [(spec.Rows + 127) / 128, (spec.Columns + 127) / 128], TensorType.F32, spec, StoredValues.Fp8BlockScales));
                continue;
            }
            if (file.Encoding == "AWQ" && spec.Role == TensorRole.Norm)
            {
                stored.Add(new StoredTensor(name, spec.Shape, TensorType.F16, spec, StoredValues.AwqScaledNorm));
                continue;
            }
            var type = file.Encoding switch { "F32" => TensorType.F32, "F16" or "GPTQ" or "AWQ" => TensorType.F16, _ => TensorType.BF16 };
            var transposed = file.Transposed && !spec.IsVector && spec.Role is not (TensorRole.Embedding or TensorRole.LmHead);
            stored.Add(transposed
                ? new StoredTensor(name, [spec.Columns, spec.Rows], type, spec, StoredValues.Transposed)
                : new StoredTensor(name, spec.Shape, type, spec, StoredValues.Values));
        }
        return stored;
    }

    /// <summary>Shard k of n: tensors split in order into n runs of about equal bytes (as transformers shards).</summary>
    private static List<StoredTensor> Shard(List<StoredTensor> tensors, WeightFile file)
    {
        if (file.Shards <= 1)
            return tensors;
        var total = tensors.Sum(t => (double)TensorCodec.ByteCount(t.Type, t.Elements));
        var start = 0.0;
        var shard = new List<StoredTensor>();
        foreach (var tensor in tensors)
        {
            var index = Math.Min(file.Shards, 1 + (int)(start / total * file.Shards));
            if (index == file.Shard)
                shard.Add(tensor);
            start += TensorCodec.ByteCount(tensor.Type, tensor.Elements);
        }
        return shard;
    }

    private static List<StoredTensor> AdapterTensors(HubRepo repo, Architecture arch, WeightFile file)
    {
        var recipe = repo.Recipe as LowRankRecipe ?? throw new InvalidDataException($"{repo.Id}: an adapter needs a low-rank recipe");
        var type = file.Encoding == "F32" ? TensorType.F32 : TensorType.BF16;
        var stored = new List<StoredTensor>();
        foreach (var spec in arch.Tensors().Where(t => recipe.Targets.Contains(t.Role) && !t.IsVector))
        {
            var module = "base_model.model." + spec.Name[..^".weight".Length];
            stored.Add(new StoredTensor(module + ".lora_A.weight", [recipe.Rank, spec.Columns], type, spec, StoredValues.LoraA));
            stored.Add(new StoredTensor(module + ".lora_B.weight", [spec.Rows, recipe.Rank], type, spec, StoredValues.LoraB));
        }
        return stored;
    }

    /// <summary>A llama.cpp GGUF: matrices in the recipe's block types, vectors F32.</summary>
    private static WeightFileLayout Gguf(HubRepo repo, Architecture arch, WeightFile file)
    {
        var recipe = GgufRecipe.Of(file.Encoding) ?? throw new InvalidDataException($"{repo.Id}: {file.Encoding} is no GGUF recipe");
        // llama.cpp's converter drops the rotary buffers
        var tensors = arch.Tensors().Where(spec => spec.Role != TensorRole.Buffer).Select(spec =>
        {
            var type = recipe.TypeOf(spec);
            var name = LlamaCppNames.Of(spec.Name);
            // the converter interleaves a Llama's query and key rows for its rotary embedding (Qwen2's it leaves)
            return GgufMetadata.ArchitectureOf(arch) == "llama" && spec.Role is TensorRole.AttentionQ or TensorRole.AttentionK && !spec.IsVector
                ? new StoredTensor(name, spec.Shape, type, spec, StoredValues.RopePairedRows, spec.Role == TensorRole.AttentionQ ? arch.Heads : arch.KvHeads)
                : new StoredTensor(name, spec.Shape, type, spec, StoredValues.Values);
        }).ToList();

        var layout = GgufLayout.Build(GgufMetadata.For(repo, arch, recipe), [.. tensors.Select(t => new GgufTensor(t.Name, t.Shape, t.Type))]);
        var ranges = tensors.Select((t, i) => (t, layout.Tensors[i].Begin, layout.Tensors[i].End)).ToList();
        return new WeightFileLayout(layout.Prefix, ranges, layout.FileLength);
    }
}
