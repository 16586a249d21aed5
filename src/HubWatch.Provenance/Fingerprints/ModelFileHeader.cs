using System.Globalization;
using System.Text.RegularExpressions;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;
using HubWatch.Provenance.Fingerprints.Layouts;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>A tensor of a weight file, whichever the format: where its bytes are and how they are encoded.</summary>
/// <param name="File">Which file of a sharded model holds it (0 for a single file).</param>
public sealed record StoredTensorInfo(string Name, long[] Shape, TensorType Type, long Begin, long End, int File = 0)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>How its values are stored: codes of <see cref="Type"/> alone, with the scales beside them, or packed with other tensors.</summary>
    public IWeightLayout Layout { get; init; } = PlainLayout.Instance;
}

/// <summary>The header of a safetensors or GGUF file, told apart by its first bytes.</summary>
/// <param name="UnreadParameters">Parameters of the skipped tensors (about, for packed ones): what a verdict could not compare.</param>
public sealed partial record ModelFileHeader(string Format, IReadOnlyList<StoredTensorInfo> Tensors, IReadOnlyList<string> Skipped, long UnreadParameters = 0)
{
    /// <param name="quantization">Reads the repository's quantisation config; asked only when the file has packed layers.</param>
    public static async Task<ModelFileHeader> ReadAsync(IByteSource source, CancellationToken ct, int file = 0, Func<CancellationToken, Task<QuantizationConfig?>>? quantization = null)
    {
        var magic = new byte[4];
        await source.ReadExactlyAsync(0, magic, "the file's first bytes", ct);
        if (magic.AsSpan().SequenceEqual("GGUF"u8))
        {
            return GgufModelHeader.Of(await GgufReader.ReadHeaderAsync(source, ct), file);
        }
        var safetensors = await SafetensorsReader.ReadHeaderAsync(source, ct);
        var config = PackedLinears.Any(safetensors.Tensors) && quantization is not null ? await quantization(ct) : null;
        var bnbStates = await Bnb4BitState.ReadAllAsync(source, safetensors.Tensors, ct);
        var (known, consumed, skipped, unread) = PackedLinears.Find(safetensors.Tensors, config, file, bnbStates);
        var packed = known.Count;
        foreach (var t in safetensors.Tensors.Where(t => !consumed.Contains(t.Name)))
        {
            if (TypeOf(t.Dtype) is { } type)
                known.Add(new StoredTensorInfo(t.Name, t.Shape, type, t.Begin, t.End, file));
            else
            {
                skipped.Add($"{t.Name} ({t.Dtype})");
                // integer vectors are positions and masks, not weights; anything else unread is weights a verdict misses
                unread += t.Dtype is "I64" or "I32" or "BOOL" && t.Shape.Length < 2 ? 0 : t.Shape.Aggregate(1L, (a, b) => a * b);
            }
        }
        var format = packed > 0 ? $"safetensors, {known[0].Layout.Describe(known[0])}" : "safetensors";
        var paired = WithScales(known, MetadataScale(safetensors.Metadata), skipped, ref unread);
        return new ModelFileHeader(format, paired, skipped, unread);
    }

    /// <summary>A file-wide scale in the header's metadata, as a number or a fraction ("1/256 (value = int8/256)").</summary>
    private static float MetadataScale(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("scale", out var text) || ScaleText().Match(text) is not { Success: true } m)
            return 1;
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        if (m.Groups[2].Success)
            value /= double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        return double.IsFinite(value) && value > 0 ? (float)value : 1;
    }

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)(?:\s*/\s*([0-9]+(?:\.[0-9]+)?))?")]
    private static partial Regex ScaleText();

    /// <summary>
    /// Pairs each tensor of codes (int8, FP8) with the scales stored beside it: <c>&lt;name&gt;_scale</c> (the
    /// compressed-tensors and vLLM convention, e.g. <c>weight_scale</c>) with one float per row or one for the whole
    /// tensor, value = code × scale; or, for FP8, <c>&lt;name&gt;_scale_inv</c> (DeepSeek-V3, Qwen3-FP8) with one float
    /// per square block, value = fp8 × scale_inv (DeepSeek-V3: <c>weight_dequant</c> in <c>inference/kernel.py</c>, which <c>fp8_cast_bf16.py</c> calls).
    /// Int8 of bitsandbytes (LLM.int8()) has its row maxima in <c>&lt;module&gt;.SCB</c>: value = code × SCB[row] / 127
    /// (bitsandbytes <c>_ops.py</c>, <c>int8_vectorwise_dequant</c>). Int8 without a scale tensor takes the file's scale. A block scale whose shape fits no block size is refused
    /// (the tensor is skipped, with the reason): read unscaled, its values would be wrong by a factor per block. Run
    /// again over all shards of a model (<see cref="WeightSampler"/>): a scale may be stored in another shard than its codes.
    /// </summary>
    internal static List<StoredTensorInfo> WithScales(List<StoredTensorInfo> tensors, float fileScale, List<string> skipped, ref long unread)
    {
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var scales = new HashSet<string>(StringComparer.Ordinal);
        var paired = new List<StoredTensorInfo>();
        foreach (var t in tensors)
        {
            var integer = t.Type is TensorType.I8 or TensorType.U8;
            var fp8 = t.Type is TensorType.F8_E4M3 or TensorType.F8_E5M2;
            if ((integer || fp8) && t.Shape.Length == 2 && byName.TryGetValue(t.Name + "_scale", out var scale)
                && IsFloat(scale) && (scale.Elements == 1 || scale.Elements == t.Shape[0]))
            {
                scales.Add(scale.Name);
                paired.Add(t with { Layout = new ScaledLayout(scale, 0, 1) });
            }
            else if (t.Type == TensorType.I8 && t.Shape.Length == 2 && t.Name.EndsWith("weight", StringComparison.Ordinal)
                && byName.TryGetValue(t.Name[..^"weight".Length] + "SCB", out var rowMaxima) && IsFloat(rowMaxima) && rowMaxima.Elements == t.Shape[0])
            {
                // bitsandbytes LLM.int8(): row-wise absmax; its weight_format (always "row" today) says nothing more
                scales.Add(rowMaxima.Name);
                scales.Add(t.Name[..^"weight".Length] + "weight_format");
                paired.Add(t with { Layout = new ScaledLayout(rowMaxima, 0, 1 / 127f) });
            }
            else if (fp8 && t.Shape.Length == 2 && byName.TryGetValue(t.Name + "_scale_inv", out var inverse) && IsFloat(inverse))
            {
                scales.Add(inverse.Name);
                if (BlockOf(t.Shape, inverse.Shape) is { } block)
                    paired.Add(t with { Layout = new ScaledLayout(inverse, block, 1) });
                else
                {
                    scales.Add(t.Name);
                    unread += t.Elements;
                    skipped.Add($"{t.Name} ({SafetensorsName(t.Type)} [{string.Join(", ", t.Shape)}] with {inverse.Name} [{string.Join(", ", inverse.Shape)}], which fits no square block)");
                }
            }
            else
                paired.Add(integer && fileScale != 1 ? t with { Layout = new ScaledLayout(null, 0, fileScale) } : t);
        }
        return [.. paired.Where(t => !scales.Contains(t.Name))];
    }

    private static bool IsFloat(StoredTensorInfo t) => t.Type is TensorType.F32 or TensorType.F16 or TensorType.BF16;

    private static string SafetensorsName(TensorType type) => Formats.Safetensors.SafetensorsDtypes.Of(type);

    /// <summary>The block side b with scale shape [⌈rows/b⌉, ⌈columns/b⌉]; 128 (DeepSeek-V3's weight_block_size) first.</summary>
    private static int? BlockOf(long[] shape, long[] scaleShape)
    {
        if (scaleShape.Length != 2)
            return null;
        foreach (var b in (int[])[128, 64, 32, 256, 16, 512])
        {
            if ((shape[0] + b - 1) / b == scaleShape[0] && (shape[1] + b - 1) / b == scaleShape[1])
                return b;
        }
        return null;
    }

    /// <summary>The dtypes weights come in; integer indexes, booleans and F64 buffers are not sampled.</summary>
    private static TensorType? TypeOf(string dtype) => dtype switch
    {
        "F32" => TensorType.F32,
        "F16" => TensorType.F16,
        "BF16" => TensorType.BF16,
        "I8" => TensorType.I8,
        "U8" => TensorType.U8,
        "F8_E4M3" => TensorType.F8_E4M3,
        "F8_E5M2" => TensorType.F8_E5M2,
        _ => null,
    };
}
