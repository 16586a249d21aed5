using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Safetensors;

/// <summary>The dtype strings of the safetensors format (huggingface/safetensors, safetensors/src/tensor.rs) and their sizes.</summary>
public static class SafetensorsDtypes
{
    private static readonly Dictionary<string, int> BytesPerElement = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1,
        ["U8"] = 1,
        ["I8"] = 1,
        ["F8_E5M2"] = 1,
        ["F8_E4M3"] = 1,
        ["F8_E8M0"] = 1,
        ["I16"] = 2,
        ["U16"] = 2,
        ["F16"] = 2,
        ["BF16"] = 2,
        ["I32"] = 4,
        ["U32"] = 4,
        ["F32"] = 4,
        ["F64"] = 8,
        ["I64"] = 8,
        ["U64"] = 8,
    };

    /// <summary>Bytes per element of a dtype; case-sensitive, as the format is.</summary>
    /// <exception cref="ArgumentException">The dtype is not one the format defines with a whole-byte size.</exception>
    public static int SizeOf(string dtype) =>
        BytesPerElement.TryGetValue(dtype, out var size)
            ? size
            : throw new ArgumentException($"Unknown safetensors dtype \"{dtype}\".", nameof(dtype));

    /// <summary>The dtype string a scalar <see cref="TensorType"/> is stored as; safetensors has no block-quantised dtypes.</summary>
    public static string Of(TensorType type) => type switch
    {
        TensorType.F32 => "F32",
        TensorType.F16 => "F16",
        TensorType.BF16 => "BF16",
        TensorType.I8 => "I8",
        TensorType.U8 => "U8",
        TensorType.I32 => "I32",
        TensorType.F8_E4M3 => "F8_E4M3",
        TensorType.F8_E5M2 => "F8_E5M2",
        _ => throw new ArgumentException($"{type} is a ggml block type; safetensors cannot store it.", nameof(type)),
    };
}
