using System.Text.RegularExpressions;
using HubWatch.Formats.Gguf;
using HubWatch.Formats.Reading;
using HubWatch.Provenance.Fingerprints.Layouts;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>What a GGUF header says about a model's weights: its tensors, in the order a transformers checkpoint has them.</summary>
internal static partial class GgufModelHeader
{
    /// <summary>
    /// The architectures whose query and key rows llama.cpp's converter interleaves (LlamaModel.permute, also used for
    /// Mistral and Mixtral, which it writes as "llama"); Qwen2 and the other rotary-half models are written as they are.
    /// </summary>
    private static readonly HashSet<string> PairedRopeArchitectures = new(["llama"], StringComparer.Ordinal);

    public static ModelFileHeader Of(GgufFile gguf, int file)
    {
        var recipe = GgufFileTypes.NameIn(gguf.Metadata);
        var heads = HeadCounts(gguf.Metadata);
        int HeadsOf(GgufTensorInfo t) => heads is { } h && t.Shape.Length == 2 && QueryOrKey().Match(t.Name) is { Success: true } m
            ? (m.Groups[1].Value == "q" ? h.Query : h.KeyValue)
            : 0;
        var tensors = gguf.Tensors.Select(t =>
        {
            var stored = new StoredTensorInfo(t.Name, t.Shape, t.Type, t.Begin, t.End, file);
            return RopePairedRowsLayout.Fits(t.Shape[0], HeadsOf(t)) ? stored with { Layout = new RopePairedRowsLayout(stored.Layout, HeadsOf(t)) } : stored;
        });
        // integer vectors are positions and masks, not weights (as in safetensors)
        var unread = gguf.Unread.Where(t => !(t.Encoding.StartsWith('I') && t.Shape.Length < 2)).Sum(t => t.ElementCount);
        return new ModelFileHeader(
            recipe is null ? $"gguf v{gguf.Version}" : $"gguf v{gguf.Version}, {recipe}",
            [.. tensors],
            [.. gguf.Unread.Select(t => $"{t.Name} ({t.Encoding})")],
            unread);
    }

    /// <summary>Query and key-value heads, for an architecture whose q/k rows the converter interleaved.</summary>
    private static (int Query, int KeyValue)? HeadCounts(IReadOnlyDictionary<string, object> metadata)
    {
        if (!metadata.TryGetValue("general.architecture", out var value) || value is not string architecture || !PairedRopeArchitectures.Contains(architecture))
            return null;
        var query = metadata.GetValueOrDefault($"{architecture}.attention.head_count") is uint q and > 0 and < 1_000_000 ? (int)q : 0;
        var keyValue = metadata.GetValueOrDefault($"{architecture}.attention.head_count_kv") is uint kv and > 0 and < 1_000_000 ? (int)kv : query;
        return query > 0 ? (query, keyValue) : null;
    }

    [GeneratedRegex(@"^blk\.\d+\.attn_(q|k)\.weight$")]
    private static partial Regex QueryOrKey();
}
