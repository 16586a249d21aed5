using System.Text.RegularExpressions;

namespace HubWatch.DemoHub.Files;

/// <summary>transformers tensor names → llama.cpp's (convert_hf_to_gguf.py): what GGUF files and re-conversions use.</summary>
internal static partial class LlamaCppNames
{
    private static readonly (string From, string To)[] LayerParts =
    [
        ("input_layernorm.weight", "attn_norm.weight"),
        ("self_attn.q_proj.", "attn_q."),
        ("self_attn.k_proj.", "attn_k."),
        ("self_attn.v_proj.", "attn_v."),
        ("self_attn.o_proj.weight", "attn_output.weight"),
        ("post_attention_layernorm.weight", "ffn_norm.weight"),
        ("mlp.gate_proj.weight", "ffn_gate.weight"),
        ("mlp.up_proj.weight", "ffn_up.weight"),
        ("mlp.down_proj.weight", "ffn_down.weight"),
        ("block_sparse_moe.gate.weight", "ffn_gate_inp.weight"),
    ];

    public static string Of(string name)
    {
        switch (name)
        {
            case "model.embed_tokens.weight":
                return "token_embd.weight";
            case "model.norm.weight":
                return "output_norm.weight";
            case "lm_head.weight":
                return "output.weight";
        }
        var layer = LayerPrefix().Match(name);
        if (!layer.Success)
            return name;
        var rest = name[layer.Length..];
        var expert = Expert().Match(rest);
        if (expert.Success)
        {
            var part = expert.Groups[2].Value switch { "w1" => "ffn_gate", "w2" => "ffn_down", _ => "ffn_up" };
            return $"blk.{layer.Groups[1].Value}.{part}.{expert.Groups[1].Value}.weight";
        }
        foreach (var (from, to) in LayerParts)
        {
            if (rest.StartsWith(from, StringComparison.Ordinal))
                return $"blk.{layer.Groups[1].Value}.{to}{rest[from.Length..]}";
        }
        return name;
    }

    [GeneratedRegex(@"^model\.layers\.(\d+)\.")]
    private static partial Regex LayerPrefix();

    [GeneratedRegex(@"^block_sparse_moe\.experts\.(\d+)\.(w1|w2|w3)\.weight$")]
    private static partial Regex Expert();
}
