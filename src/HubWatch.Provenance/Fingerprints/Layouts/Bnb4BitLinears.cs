using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;

namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>
/// Finds the linear layers bitsandbytes stored in 4 bits — <c>&lt;module&gt;.weight</c> with <c>.weight.absmax</c>,
/// <c>.weight.quant_map</c>, the <c>.weight.quant_state.bitsandbytes__nf4|fp4</c> JSON and, double quantised,
/// <c>.weight.nested_absmax</c> and <c>.weight.nested_quant_map</c> — and turns each into its [out, in] weight.
/// </summary>
internal static class Bnb4BitLinears
{
    private static readonly string[] Suffixes = [".weight", ".weight.absmax", ".weight.quant_map", ".weight.nested_absmax", ".weight.nested_quant_map"];

    /// <param name="states">The quant-state tensors' bytes by name (<see cref="Bnb4BitState.ReadAllAsync"/>).</param>
    public static void Find(
        IReadOnlyDictionary<string, SafetensorsTensorInfo> byName, IReadOnlyDictionary<string, byte[]> states, int file,
        List<StoredTensorInfo> weights, HashSet<string> consumed, List<string> skipped, ref long unread)
    {
        foreach (var (stateName, json) in states.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var module = stateName[..stateName.IndexOf(Bnb4BitState.Key, StringComparison.Ordinal)];
            StoredPart? Part(string suffix) => byName.TryGetValue(module + suffix, out var t) ? new StoredPart(t.Name, t.Dtype, t.Shape, t.Begin, t.End, file) : null;
            consumed.UnionWith(Suffixes.Select(s => module + s).Append(stateName));
            var (state, reason) = Bnb4BitState.Parse(json);
            var layout = state is null ? null : Layout(state, Part(".weight"), Part(".weight.absmax"), Part(".weight.nested_absmax"), Part(".weight.nested_quant_map"), out reason);
            if (layout is null)
            {
                unread += state is null ? (Part(".weight")?.Length ?? 0) * 2 : state.Rows * state.Columns;
                skipped.Add($"{module}.weight (bitsandbytes 4-bit weights HubWatch cannot read: {reason})");
            }
            else
                weights.Add(new StoredTensorInfo(module + ".weight", [state!.Rows, state.Columns], state.QuantType == "nf4" ? TensorType.NF4 : TensorType.FP4, layout.Codes.Begin, layout.Codes.End, file) { Layout = layout });
        }
    }

    /// <summary>The layout, if the parts are there and their sizes agree with the state; otherwise why not.</summary>
    private static Bnb4BitLayout? Layout(Bnb4BitState state, StoredPart? codes, StoredPart? absmax, StoredPart? nestedAbsmax, StoredPart? nestedMap, out string reason)
    {
        var n = state.Rows * state.Columns;
        var blocks = (n + state.BlockSize - 1) / state.BlockSize;
        // the codes' dtype and shape are a label (a bf16 quant storage relabels the same bytes): only their length counts
        reason = codes is null ? "no weight tensor beside its quant state"
            : codes.Length < (n + 1) / 2 ? $"{codes.Length} bytes of codes for a [{state.Rows}, {state.Columns}] weight, which needs {(n + 1) / 2}"
            : absmax is null ? "no absmax tensor"
            : state.NestedBlockSize is null && (absmax.Dtype != "F32" || absmax.Elements != blocks) ? $"absmax {absmax.Dtype} [{absmax.Elements}] where {blocks} float32 scales were due"
            : state.NestedBlockSize is not null && (absmax.Dtype != "U8" || absmax.Elements != blocks) ? $"absmax {absmax.Dtype} [{absmax.Elements}] where {blocks} 8-bit codes were due"
            : state.NestedBlockSize is not null && (nestedAbsmax is not { Dtype: "F32" } || nestedAbsmax.Elements != (blocks + 255) / 256 || nestedMap is not { Dtype: "F32", Elements: 256 })
                ? "double quantisation without its nested_absmax and 256-entry nested_quant_map"
            : "";
        return reason.Length > 0 ? null : new Bnb4BitLayout(codes!, absmax!, state.NestedBlockSize is null ? null : nestedAbsmax, state.NestedBlockSize is null ? null : nestedMap, state);
    }
}
