using System.Text.Json;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>
/// What a repository says about how it was quantised: <c>quantize_config.json</c> (AutoGPTQ, GPTQModel), or the
/// <c>quantization_config</c> (transformers) or <c>quantization</c> (mlx-lm) object of <c>config.json</c>. The tensors'
/// shapes tell most of it; this tells what they cannot: GPTQ's checkpoint format (the v1 zero offset) and act order.
/// </summary>
public sealed record QuantizationConfig(string? Method, int? Bits, int? GroupSize, bool? DescAct, string? CheckpointFormat)
{
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
            return config is { Method: null, Bits: null, GroupSize: null, DescAct: null, CheckpointFormat: null } ? null : config;
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
