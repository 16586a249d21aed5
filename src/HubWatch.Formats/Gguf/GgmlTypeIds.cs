using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Gguf;

/// <summary>ggml_type numbers (ggml/include/ggml.h) as GGUF tensor infos store them.</summary>
public static class GgmlTypeIds
{
    // Ids 4, 5 and 31–33, 36–38 were types that ggml has since removed; 9 (Q8_1) is never written to files.
    private static readonly Dictionary<TensorType, uint> Ids = new()
    {
        [TensorType.F32] = 0,
        [TensorType.F16] = 1,
        [TensorType.Q4_0] = 2,
        [TensorType.Q4_1] = 3,
        [TensorType.Q5_0] = 6,
        [TensorType.Q5_1] = 7,
        [TensorType.Q8_0] = 8,
        [TensorType.Q2_K] = 10,
        [TensorType.Q3_K] = 11,
        [TensorType.Q4_K] = 12,
        [TensorType.Q5_K] = 13,
        [TensorType.Q6_K] = 14,
        [TensorType.Q8_K] = 15,
        [TensorType.IQ2_XXS] = 16,
        [TensorType.IQ2_XS] = 17,
        [TensorType.IQ3_XXS] = 18,
        [TensorType.IQ1_S] = 19,
        [TensorType.IQ4_NL] = 20,
        [TensorType.IQ3_S] = 21,
        [TensorType.IQ2_S] = 22,
        [TensorType.IQ4_XS] = 23,
        [TensorType.I8] = 24,
        [TensorType.IQ1_M] = 29,
        [TensorType.BF16] = 30,
        [TensorType.TQ1_0] = 34,
        [TensorType.TQ2_0] = 35,
        [TensorType.MXFP4] = 39,
        [TensorType.NVFP4] = 40,
        [TensorType.Q1_0] = 41,
        [TensorType.Q2_0] = 42,
    };

    private static readonly Dictionary<uint, TensorType> Types = Ids.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>ggml's names of the integer and double types GGUF can hold but HubWatch does not read as weights.</summary>
    private static readonly Dictionary<uint, string> OtherNames = new() { [25] = "I16", [26] = "I32", [27] = "I64", [28] = "F64" };

    public static uint Of(TensorType type) =>
        Ids.TryGetValue(type, out var id) ? id : throw new ArgumentException($"ggml has no type for {type}; GGUF cannot store it.", nameof(type));

    public static bool TryGetType(uint id, out TensorType type) => Types.TryGetValue(id, out type);

    /// <summary>How a report names a type id: ggml's name, or "ggml type N" for an id HubWatch does not know.</summary>
    public static string NameOf(uint id) =>
        Types.TryGetValue(id, out var type) ? type.ToString() : OtherNames.GetValueOrDefault(id) ?? $"ggml type {id}";
}
