using System.Globalization;
using System.Text.RegularExpressions;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints;

/// <summary>A tensor of a weight file, whichever the format: where its bytes are and how they are encoded.</summary>
/// <param name="File">Which file of a sharded model holds it (0 for a single file).</param>
public sealed record StoredTensorInfo(string Name, long[] Shape, TensorType Type, long Begin, long End, int File = 0)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>For int8 codes: the tensor of per-row (or one per-tensor) scales that turns codes into values.</summary>
    public StoredTensorInfo? Scale { get; init; }

    /// <summary>For int8 codes without a scale tensor: the file's one scale (<c>__metadata__.scale</c>), or 1.</summary>
    public float CodeScale { get; init; } = 1;
}

/// <summary>The header of a safetensors or GGUF file, told apart by its first bytes.</summary>
public sealed partial record ModelFileHeader(string Format, IReadOnlyList<StoredTensorInfo> Tensors, IReadOnlyList<string> Skipped)
{
    public static async Task<ModelFileHeader> ReadAsync(IByteSource source, CancellationToken ct, int file = 0)
    {
        var magic = new byte[4];
        await source.ReadExactlyAsync(0, magic, "the file's first bytes", ct);
        if (magic.AsSpan().SequenceEqual("GGUF"u8))
        {
            var gguf = await GgufReader.ReadHeaderAsync(source, ct);
            return new ModelFileHeader($"gguf v{gguf.Version}", [.. gguf.Tensors.Select(t => new StoredTensorInfo(t.Name, t.Shape, t.Type, t.Begin, t.End, file))], []);
        }
        var safetensors = await SafetensorsReader.ReadHeaderAsync(source, ct);
        var known = new List<StoredTensorInfo>();
        var skipped = new List<string>();
        foreach (var t in safetensors.Tensors)
        {
            if (TypeOf(t.Dtype) is { } type)
                known.Add(new StoredTensorInfo(t.Name, t.Shape, type, t.Begin, t.End, file));
            else
                skipped.Add($"{t.Name} ({t.Dtype})");
        }
        return new ModelFileHeader("safetensors", WithScales(known, MetadataScale(safetensors.Metadata)), skipped);
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
    /// Pairs each int8 tensor with its scales, stored beside it as <c>&lt;name&gt;_scale</c> (e.g. <c>weight_scale</c>,
    /// the compressed-tensors convention): one float per row, or one for the whole tensor; else the file's scale.
    /// </summary>
    private static List<StoredTensorInfo> WithScales(List<StoredTensorInfo> tensors, float fileScale)
    {
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var scales = new HashSet<string>(StringComparer.Ordinal);
        var paired = new List<StoredTensorInfo>();
        foreach (var t in tensors)
        {
            if (t.Type is TensorType.I8 or TensorType.U8 && t.Shape.Length == 2 && byName.TryGetValue(t.Name + "_scale", out var scale)
                && scale.Type is TensorType.F32 or TensorType.F16 or TensorType.BF16 && (scale.Elements == 1 || scale.Elements == t.Shape[0]))
            {
                scales.Add(scale.Name);
                paired.Add(t with { Scale = scale });
            }
            else
                paired.Add(t.Type is TensorType.I8 or TensorType.U8 ? t with { CodeScale = fileScale } : t);
        }
        return [.. paired.Where(t => !scales.Contains(t.Name))];
    }

    /// <summary>The dtypes weights come in; integer indexes, booleans and F64 buffers are not sampled.</summary>
    private static TensorType? TypeOf(string dtype) => dtype switch
    {
        "F32" => TensorType.F32,
        "F16" => TensorType.F16,
        "BF16" => TensorType.BF16,
        "I8" => TensorType.I8,
        "U8" => TensorType.U8,
        _ => null,
    };
}
