using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Gguf;

/// <summary>ggml_type numbers (ggml/include/ggml.h) as GGUF tensor infos store them.</summary>
public static class GgmlTypeIds
{
    public static uint Of(TensorType type) => type switch
    {
        TensorType.F32 => 0,
        TensorType.F16 => 1,
        TensorType.Q4_0 => 2,
        TensorType.Q8_0 => 8,
        TensorType.Q4_K => 12,
        TensorType.Q6_K => 14,
        TensorType.I8 => 24,
        TensorType.BF16 => 30,
        _ => throw new ArgumentException($"ggml has no type for {type}; GGUF cannot store it.", nameof(type)),
    };

    /// <summary>The types GGUF stores (the others are safetensors' or packed formats').</summary>
    private static readonly TensorType[] Stored = [TensorType.F32, TensorType.F16, TensorType.Q4_0, TensorType.Q8_0, TensorType.Q4_K, TensorType.Q6_K, TensorType.I8, TensorType.BF16];

    public static bool TryGetType(uint id, out TensorType type)
    {
        foreach (var candidate in Stored)
        {
            if (Of(candidate) == id)
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
