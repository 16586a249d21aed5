using System.Text.Json;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// What bitsandbytes keeps of a 4-bit weight beside its codes: the JSON that <c>QuantState.as_dict(packed=True)</c>
/// stores as the U8 tensor <c>&lt;module&gt;.weight.quant_state.bitsandbytes__nf4</c> (or <c>__fp4</c>) through
/// <c>pack_dict_to_tensor</c> (bitsandbytes <c>functional.py</c>, <c>utils.py</c>): the weight's shape and dtype, the block
/// size, and for double quantisation the offset added to every dequantised absmax.
/// </summary>
public sealed record Bnb4BitState(string QuantType, int BlockSize, string Dtype, long Rows, long Columns, int? NestedBlockSize, float NestedOffset)
{
    public const string Key = ".weight.quant_state.bitsandbytes__";

    /// <summary>The block sizes <c>quantize_4bit</c> accepts; anything else is no file bitsandbytes wrote.</summary>
    private static readonly int[] BlockSizes = [32, 64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>Longer JSON than this is no quant state: it holds seven short keys.</summary>
    public const int MaxBytes = 4096;

    /// <summary>The state, or the reason it is no state HubWatch can decode with.</summary>
    public static (Bnb4BitState? State, string? Reason) Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var root = document.RootElement;
            var type = root.GetProperty("quant_type").GetString();
            var blockSize = root.GetProperty("blocksize").GetInt32();
            var dtype = root.GetProperty("dtype").GetString();
            var shape = root.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            int? nested = root.TryGetProperty("nested_blocksize", out var nb) ? nb.GetInt32() : null;
            var offset = root.TryGetProperty("nested_offset", out var o) ? (float)o.GetDouble() : 0f;
            if (type is not ("nf4" or "fp4"))
                return (null, $"quant_type \"{type}\" is neither nf4 nor fp4");
            if (!BlockSizes.Contains(blockSize))
                return (null, $"block size {blockSize} is none bitsandbytes writes (32 to 4096, powers of two)");
            if (dtype is not ("bfloat16" or "float16" or "float32"))
                return (null, $"dtype \"{dtype}\" is not a float type");
            if (shape.Length != 2 || shape.Any(d => d <= 0 || d > int.MaxValue))
                return (null, $"shape [{string.Join(", ", shape)}] is not that of a matrix");
            if (nested is not (null or 256) || !float.IsFinite(offset))
                return (null, $"double quantisation with blocks of {nested} and offset {offset} is none bitsandbytes writes (256, finite)");
            return (new Bnb4BitState(type, blockSize, dtype, shape[0], shape[1], nested, offset), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            return (null, $"its quant state is not the JSON bitsandbytes writes ({e.Message})");
        }
    }

    /// <summary>
    /// The quant-state tensors of a file, read before its plan (their shapes decide every anchor): touching ones in one
    /// request, each at most <see cref="MaxBytes"/> long. One request per module otherwise: a cost, as the plan reads the rest.
    /// </summary>
    public static async Task<Dictionary<string, byte[]>> ReadAllAsync(IByteSource source, IEnumerable<SafetensorsTensorInfo> tensors, CancellationToken ct)
    {
        var wanted = tensors.Where(t => t.Name.Contains(Key, StringComparison.Ordinal) && t.Dtype == "U8" && t.Length <= MaxBytes).OrderBy(t => t.Begin).ToList();
        var states = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var i = 0; i < wanted.Count;)
        {
            var (begin, end, j) = (wanted[i].Begin, wanted[i].End, i + 1);
            // only touching states are read together: the weights between them are the plan's to read, once
            for (; j < wanted.Count && wanted[j].Begin <= end; j++)
                end = Math.Max(end, wanted[j].End);
            var bytes = new byte[end - begin];
            await source.ReadExactlyAsync(begin, bytes, "bitsandbytes quant states", ct);
            for (; i < j; i++)
                states[wanted[i].Name] = bytes[(int)(wanted[i].Begin - begin)..(int)(wanted[i].End - begin)];
        }
        return states;
    }
}
