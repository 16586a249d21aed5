using HubWatch.DemoHub.Models;
using HubWatch.Formats.Encoding;

namespace HubWatch.DemoHub.Files;

/// <summary>What a stored tensor holds, computed from the model's values.</summary>
public enum StoredValues
{
    /// <summary>The values themselves.</summary>
    Values,

    /// <summary>The transpose of the values (stored as [columns, rows]).</summary>
    Transposed,

    /// <summary>int8 codes round(w / s) with s = max|row| / 127 per row.</summary>
    Int8Codes,

    /// <summary>The per-row scales s of <see cref="Int8Codes"/>, shape [rows, 1].</summary>
    Int8Scales,

    /// <summary>A LoRA factor A (shape [rank, columns]).</summary>
    LoraA,

    /// <summary>A LoRA factor B (shape [rows, rank]).</summary>
    LoraB,

    /// <summary>
    /// The values with each head's rows of the first and second half interleaved, as llama.cpp's converter stores a
    /// Llama query or key matrix (LlamaModel.permute): stored row h·d + 2i + j is row h·d + j·d/2 + i.
    /// </summary>
    RopePairedRows,

    /// <summary>FP8 codes w / s per 128×128 block, s = max|block| / 448 (DeepSeek-V3's fp8 layout, E4M3's largest value).</summary>
    Fp8BlockCodes,

    /// <summary>The per-block scales s of <see cref="Fp8BlockCodes"/> ("weight_scale_inv"), shape [⌈rows/128⌉, ⌈columns/128⌉].</summary>
    Fp8BlockScales,

    /// <summary>bitsandbytes NF4 codes of the flat values, two a byte (the even element high), nearest level of w / absmax; shape [n/2, 1].</summary>
    Nf4Codes,

    /// <summary>The absmax of each 64 flat values of <see cref="Nf4Codes"/> ("weight.absmax").</summary>
    Nf4Absmax,

    /// <summary>The 16 NF4 levels ("weight.quant_map").</summary>
    Nf4QuantMap,

    /// <summary>The bytes of the quant state's JSON ("weight.quant_state.bitsandbytes__nf4").</summary>
    Nf4QuantState,

    /// <summary>GPTQ's packed codes, eight inputs of one output a word (<see cref="GroupQuant"/>), shape [in/8, out].</summary>
    GptqQWeight,

    /// <summary>GPTQ's zero points less one (v1), eight outputs a word, shape [groups, out/8].</summary>
    GptqQZeros,

    /// <summary>GPTQ's fp16 scales, shape [groups, out].</summary>
    GptqScales,

    /// <summary>GPTQ's g_idx: each input's group, shape [in].</summary>
    GptqGroupIndex,

    /// <summary>AWQ's packed codes, eight outputs of one input a word in AWQ's order, shape [in, out/8].</summary>
    AwqQWeight,

    /// <summary>AWQ's zero points, eight outputs a word in AWQ's order, shape [groups, out/8].</summary>
    AwqQZeros,

    /// <summary>AWQ's fp16 scales, shape [groups, out].</summary>
    AwqScales,

    /// <summary>A norm gain divided by the AWQ scales folded into the layers it feeds (<see cref="Files.AwqScales"/>).</summary>
    AwqScaledNorm,
}

/// <summary>A tensor as a weight file stores it: its name, shape and encoding there, and the tensor it comes from.</summary>
/// <param name="Heads">For <see cref="StoredValues.RopePairedRows"/>: the heads the rows split into.</param>
public sealed record StoredTensor(string Name, long[] Shape, TensorType Type, TensorSpec Source, StoredValues Values, int Heads = 0)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);
}
