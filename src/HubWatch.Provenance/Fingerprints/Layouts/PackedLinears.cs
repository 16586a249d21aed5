using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// Finds the linear layers a safetensors file stores packed — <c>&lt;module&gt;.qweight</c>, <c>.qzeros</c>, <c>.scales</c>
/// and GPTQ's <c>.g_idx</c> — and turns each into one weight <c>&lt;module&gt;.weight</c> [out, in] with its layout.
/// GPTQ and AWQ are told apart by shape: GPTQ's qweight has a column per output, AWQ's one per eight (GEMM) or a row
/// per output (GEMV). MLX stores <c>&lt;module&gt;.weight</c> as U32 codes beside <c>.scales</c> and <c>.biases</c>;
/// bitsandbytes 4-bit beside its quant state (<see cref="Bnb4BitLinears"/>).
/// </summary>
public static class PackedLinears
{
    private static readonly string[] Suffixes = [".qweight", ".qzeros", ".scales", ".g_idx"];

    public static bool Any(IEnumerable<SafetensorsTensorInfo> tensors) =>
        tensors.Any(t => t.Name.EndsWith(".qweight", StringComparison.Ordinal) || (t.Dtype == "U32" && t.Name.EndsWith(".weight", StringComparison.Ordinal)));

    /// <summary>The weights found, the tensor names they consumed, and a reason for each packed layer that could not be read.</summary>
    /// <param name="bnbStates">bitsandbytes' quant-state tensors, read beforehand (<see cref="Bnb4BitState.ReadAllAsync"/>).</param>
    public static (List<StoredTensorInfo> Weights, HashSet<string> Consumed, List<string> Skipped, long UnreadParameters) Find(
        IReadOnlyList<SafetensorsTensorInfo> tensors, QuantizationConfig? config, int file, IReadOnlyDictionary<string, byte[]>? bnbStates = null)
    {
        var byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var (weights, consumed, skipped, unread) = (new List<StoredTensorInfo>(), new HashSet<string>(StringComparer.Ordinal), new List<string>(), 0L);
        foreach (var qweight in tensors.Where(t => t.Name.EndsWith(".qweight", StringComparison.Ordinal)))
        {
            var module = qweight.Name[..^".qweight".Length];
            StoredPart? Part(string suffix) => byName.TryGetValue(module + suffix, out var t) ? new StoredPart(t.Name, t.Dtype, t.Shape, t.Begin, t.End, file) : null;
            consumed.UnionWith(Suffixes.Select(s => module + s));
            var (q, zeros, scales, gIdx) = (Part(".qweight")!, Part(".qzeros"), Part(".scales"), Part(".g_idx"));
            var weight = zeros is null || scales is null ? null : Gptq(q, zeros, scales, gIdx, config) ?? Awq(q, zeros, scales, gIdx, config);
            if (weight is null)
            {
                unread += q.Elements * 8; // about: 4-bit codes, the commonest
                skipped.Add($"{q.Name} (packed weights in a layout HubWatch does not read: qweight {Describe(q)}, qzeros {Describe(zeros)}, scales {Describe(scales)})");
            }
            else
                weights.Add(new StoredTensorInfo(module + ".weight", weight.Value.Shape, weight.Value.Type, q.Begin, q.End, file) { Layout = weight.Value.Layout });
        }
        foreach (var codes in tensors.Where(t => t.Dtype == "U32" && t.Name.EndsWith(".weight", StringComparison.Ordinal)))
        {
            var module = codes.Name[..^".weight".Length];
            if (!byName.TryGetValue(module + ".scales", out var scales) || !byName.TryGetValue(module + ".biases", out var biases))
                continue;
            consumed.UnionWith([codes.Name, scales.Name, biases.Name]);
            StoredPart Part(SafetensorsTensorInfo t) => new(t.Name, t.Dtype, t.Shape, t.Begin, t.End, file);
            if (Mlx(Part(codes), Part(scales), Part(biases), config, out var reason) is { } mlx)
                weights.Add(new StoredTensorInfo(codes.Name, mlx.Shape, mlx.Type, codes.Begin, codes.End, file) { Layout = mlx.Layout });
            else
            {
                unread += codes.Shape.Aggregate(1L, (a, b) => a * b) * 8; // about: 4-bit codes
                skipped.Add($"{codes.Name} (MLX quantised weights {reason})");
            }
        }
        Bnb4BitLinears.Find(byName, bnbStates ?? new Dictionary<string, byte[]>(), file, weights, consumed, skipped, ref unread);
        return (weights, consumed, skipped, unread);
    }

    private static string Describe(StoredPart? part) => part is null ? "missing" : $"{part.Dtype} [{string.Join(", ", part.Shape)}]";

    private static bool Matrix(StoredPart p, string dtype) => p.Shape.Length == 2 && p.Shape[0] > 0 && p.Shape[1] > 0 && p.Dtype == dtype;

    private static (long[] Shape, TensorType Type, IWeightLayout Layout)? Gptq(StoredPart q, StoredPart zeros, StoredPart scales, StoredPart? gIdx, QuantizationConfig? config)
    {
        if (!Matrix(q, "I32") || !Matrix(zeros, "I32") || scales.Shape.Length != 2 || scales.FloatType is null)
            return null;
        var outputs = q.Shape[1];
        if (scales.Shape[1] != outputs || zeros.Shape[0] != scales.Shape[0] || outputs % 32 != 0 || zeros.Shape[1] * 32 % outputs != 0)
            return null;
        var bits = (int)(zeros.Shape[1] * 32 / outputs);
        if (bits is not (2 or 3 or 4 or 8) || q.Shape[0] % bits != 0 || (config?.Bits is { } declared && declared != bits))
            return null;
        var inputs = q.Shape[0] / bits * 32;
        var groups = scales.Shape[0];
        var groupSize = config?.GroupSize is { } size and > 0 ? size : (int)((inputs + groups - 1) / groups);
        if ((inputs + groupSize - 1) / groupSize != groups || (gIdx is not null && (gIdx.Dtype != "I32" || gIdx.Elements != inputs)))
            return null;
        var layout = new GptqLayout(q, zeros, scales, gIdx, bits, groupSize, config?.GptqV2 == true ? 0 : 1, gIdx is not null && config?.DescAct == true);
        return ([outputs, inputs], Grouped(bits), layout);
    }

    private static (long[] Shape, TensorType Type, IWeightLayout Layout)? Awq(StoredPart q, StoredPart zeros, StoredPart scales, StoredPart? gIdx, QuantizationConfig? config)
    {
        if (gIdx is not null || !Matrix(q, "I32") || !Matrix(zeros, "I32") || scales.Shape.Length != 2 || scales.FloatType is null)
            return null;
        if (Gemv(q, zeros, scales, config) is { } gemv)
            return gemv;
        var (inputs, outputs, groups) = (q.Shape[0], scales.Shape[1], scales.Shape[0]);
        if (outputs != q.Shape[1] * 8 || zeros.Shape[1] != q.Shape[1] || zeros.Shape[0] != groups || (config?.Bits is { } bits && bits != 4))
            return null;
        var groupSize = config?.GroupSize is { } size and > 0 ? size : (int)((inputs + groups - 1) / groups);
        if ((inputs + groupSize - 1) / groupSize != groups)
            return null;
        return ([outputs, inputs], TensorType.GroupedInt4, new AwqLayout(q, zeros, scales, groupSize));
    }

    /// <summary>
    /// AutoAWQ's GEMV layout: rows per output, zeros and scales padded to its zeros width; the group size from the
    /// config (128, AutoAWQ's default, without one), which the padding must then agree with.
    /// </summary>
    private static (long[] Shape, TensorType Type, IWeightLayout Layout)? Gemv(StoredPart q, StoredPart zeros, StoredPart scales, QuantizationConfig? config)
    {
        var (outputs, inputs) = (q.Shape[0], q.Shape[1] * 8);
        var groupSize = config?.GroupSize is { } size and > 0 ? size : 128;
        if (zeros.Shape[0] != outputs || scales.Shape[0] != outputs || groupSize is not (32 or 64 or 128) && groupSize % 128 != 0 || inputs % groupSize != 0
            || zeros.Shape[1] != AwqGemvLayout.ZerosWidth(inputs, groupSize) || scales.Shape[1] != zeros.Shape[1] * 8)
            return null;
        return ([outputs, inputs], TensorType.GroupedInt4, new AwqGemvLayout(q, zeros, scales, groupSize));
    }

    /// <summary>
    /// MLX: the bits and group size are not in the file; config.json's <c>quantization</c> gives them (the layer's own
    /// entry, else the defaults), the shapes must agree.
    /// </summary>
    private static (long[] Shape, TensorType Type, IWeightLayout Layout)? Mlx(StoredPart codes, StoredPart scales, StoredPart biases, QuantizationConfig? config, out string reason)
    {
        reason = "";
        if (config?.For(codes.Name[..^".weight".Length]) is not ({ } bits, { } groupSize))
        {
            reason = "without config.json's quantization (bits, group_size) to read them by";
            return null;
        }
        if (bits is not (2 or 3 or 4 or 5 or 6 or 8) || groupSize is not (32 or 64 or 128) || codes.Shape.Length != 2 || codes.Shape[1] * 32 % bits != 0)
        {
            reason = $"of {bits} bits in groups of {groupSize}, which MLX does not write";
            return null;
        }
        var (outputs, inputs) = (codes.Shape[0], codes.Shape[1] * 32 / bits);
        if (scales.FloatType is null || biases.Dtype != scales.Dtype || !scales.Shape.SequenceEqual(biases.Shape) || !scales.Shape.SequenceEqual([outputs, inputs / groupSize]) || inputs % groupSize != 0)
        {
            reason = $"whose shapes do not agree with {bits} bits in groups of {groupSize}: weight U32 [{string.Join(", ", codes.Shape)}], scales {Describe(scales)}, biases {Describe(biases)}";
            return null;
        }
        return ([outputs, inputs], Grouped(bits), new MlxLayout(codes, scales, biases, bits, groupSize));
    }

    private static TensorType Grouped(int bits) => bits switch
    {
        2 => TensorType.GroupedInt2,
        3 => TensorType.GroupedInt3,
        5 or 6 => TensorType.GroupedInt6,
        4 => TensorType.GroupedInt4,
        _ => TensorType.GroupedInt8,
    };
}
