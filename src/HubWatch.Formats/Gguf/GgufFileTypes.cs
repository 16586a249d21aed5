namespace HubWatch.Formats.Gguf;

/// <summary>
/// llama.cpp's <c>llama_ftype</c> (include/llama.h), which its converter and llama-quantize write as
/// <c>general.file_type</c>: the recipe a file was quantised with ("Q4_K_M" mixes Q4_K, Q6_K and F32 tensors), the
/// name people search the Hub by.
/// </summary>
public static class GgufFileTypes
{
    public const string Key = "general.file_type";

    // 4–6 were removed types (Q4_1_SOME_F16, Q4_2, Q4_3) and 33–35 the repacked Q4_0_4_4 family
    private static readonly Dictionary<uint, string> Names = new()
    {
        [0] = "F32",
        [1] = "F16",
        [2] = "Q4_0",
        [3] = "Q4_1",
        [7] = "Q8_0",
        [8] = "Q5_0",
        [9] = "Q5_1",
        [10] = "Q2_K",
        [11] = "Q3_K_S",
        [12] = "Q3_K_M",
        [13] = "Q3_K_L",
        [14] = "Q4_K_S",
        [15] = "Q4_K_M",
        [16] = "Q5_K_S",
        [17] = "Q5_K_M",
        [18] = "Q6_K",
        [19] = "IQ2_XXS",
        [20] = "IQ2_XS",
        [21] = "Q2_K_S",
        [22] = "IQ3_XS",
        [23] = "IQ3_XXS",
        [24] = "IQ1_S",
        [25] = "IQ4_NL",
        [26] = "IQ3_S",
        [27] = "IQ3_M",
        [28] = "IQ2_S",
        [29] = "IQ2_M",
        [30] = "IQ4_XS",
        [31] = "IQ1_M",
        [32] = "BF16",
        [36] = "TQ1_0",
        [37] = "TQ2_0",
        [38] = "MXFP4_MOE",
        [39] = "NVFP4",
        [40] = "Q1_0",
    };

    private static readonly Dictionary<string, uint> Ids = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The recipe's name, or null when the header has no file type or one HubWatch does not know.</summary>
    public static string? NameIn(IReadOnlyDictionary<string, object> metadata) =>
        metadata.TryGetValue(Key, out var value) && value is uint id ? Names.GetValueOrDefault(id) : null;

    /// <summary>The id a writer stores for a recipe name ("Q4_K_M" → 15).</summary>
    public static uint IdOf(string name) =>
        Ids.TryGetValue(name, out var id) ? id : throw new ArgumentException($"llama.cpp has no file type named {name}.", nameof(name));
}
