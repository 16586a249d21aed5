using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Application.Fingerprinting;

/// <summary>A tensor of a weight file, whichever the format: where its bytes are and how they are encoded.</summary>
/// <param name="File">Which file of a sharded model holds it (0 for a single file).</param>
public sealed record StoredTensorInfo(string Name, long[] Shape, TensorType Type, long Begin, long End, int File = 0)
{
    public long Elements => Shape.Aggregate(1L, (a, b) => a * b);
}

/// <summary>The header of a safetensors or GGUF file, told apart by its first bytes.</summary>
public sealed record ModelFileHeader(string Format, IReadOnlyList<StoredTensorInfo> Tensors, IReadOnlyList<string> Skipped)
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
        return new ModelFileHeader("safetensors", known, skipped);
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
