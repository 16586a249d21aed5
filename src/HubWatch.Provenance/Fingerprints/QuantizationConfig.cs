using System.Text.Json;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>
/// What a repository says about how it was quantised: <c>quantize_config.json</c> (AutoGPTQ, GPTQModel), or the
/// <c>quantization_config</c> (transformers) or <c>quantization</c> (mlx-lm) object of <c>config.json</c>. The tensors'
/// shapes tell most of it; this tells what they cannot: GPTQ's checkpoint format (the v1 zero offset) and act order.
/// </summary>
public sealed record QuantizationConfig(string? Method, int? Bits, int? GroupSize, bool? DescAct, string? CheckpointFormat)
{
    /// <summary>
    /// mlx-lm's settings per layer, beside the defaults in its <c>quantization</c> object (a mixed-precision recipe or a
    /// quantisation predicate writes <c>"model.layers.0.mlp.down_proj": {"group_size": 64, "bits": 6}</c>).
    /// </summary>
    public IReadOnlyDictionary<string, (int Bits, int GroupSize)> Layers { get; init; } = new Dictionary<string, (int, int)>();

    /// <summary>The bits and group size of one module (its path without <c>.weight</c>): its own entry, else the defaults.</summary>
    public (int? Bits, int? GroupSize) For(string module) =>
        Layers.TryGetValue(module, out var layer) ? (layer.Bits, layer.GroupSize) : (Bits, GroupSize);

    public bool Equals(QuantizationConfig? other) =>
        other is not null && (Method, Bits, GroupSize, DescAct, CheckpointFormat) == (other.Method, other.Bits, other.GroupSize, other.DescAct, other.CheckpointFormat)
        && Layers.Count == other.Layers.Count && Layers.All(l => other.Layers.TryGetValue(l.Key, out var o) && o == l.Value);

    public override int GetHashCode() => HashCode.Combine(Method, Bits, GroupSize, DescAct, CheckpointFormat, Layers.Count);

    /// <summary>GPTQModel writes <c>gptq_v2</c> where zeros are stored as they are; everything else is v1 (zero − 1).</summary>
    public bool GptqV2 => string.Equals(CheckpointFormat, "gptq_v2", StringComparison.OrdinalIgnoreCase);

    /// <summary>The config in either file, or null when the text is no JSON object or names no quantisation.</summary>
    public static QuantizationConfig? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return null;
            var root = document.RootElement;
            var section = root.TryGetProperty("quantization_config", out var q) && q.ValueKind == JsonValueKind.Object ? q
                : root.TryGetProperty("quantization", out var m) && m.ValueKind == JsonValueKind.Object ? m
                : root;
            var config = new QuantizationConfig(
                Text(section, "quant_method", "method"),
                Number(section, "bits", "w_bit", "wbits"),
                Number(section, "group_size", "q_group_size"),
                section.TryGetProperty("desc_act", out var d) && d.ValueKind is JsonValueKind.True or JsonValueKind.False ? d.GetBoolean() : null,
                Text(section, "checkpoint_format", "format"));
            var layers = section.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Object && Number(p.Value, "bits") is not null && Number(p.Value, "group_size") is not null)
                .ToDictionary(p => p.Name, p => (Number(p.Value, "bits")!.Value, Number(p.Value, "group_size")!.Value), StringComparer.Ordinal);
            return config is { Method: null, Bits: null, GroupSize: null, DescAct: null, CheckpointFormat: null } && layers.Count == 0 ? null : config with { Layers = layers };
        }
        catch (JsonException)
        {
            return null; // a broken config says nothing; the shapes still tell most
        }
    }

    private static string? Text(JsonElement section, params string[] keys) =>
        keys.Select(k => section.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null).FirstOrDefault(v => v is not null);

    private static int? Number(JsonElement section, params string[] keys) =>
        keys.Select(k => section.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : (int?)null).FirstOrDefault(v => v is not null);
}
