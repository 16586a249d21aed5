using System.Text;
using System.Text.Json;
using HubWatch.DemoHub.Models;
using HubWatch.Formats.Encoding;

namespace HubWatch.DemoHub.Files;

/// <summary>
/// A linear layer as transformers saves a bitsandbytes Linear4bit in NF4 (bitsandbytes <c>QuantState.as_dict(packed=True)</c>):
/// the codes, one absmax per 64 flat values, the level table, and the quant state as JSON bytes; no double quantisation.
/// </summary>
internal static class Nf4
{
    public const int BlockSize = 64;

    public static IEnumerable<StoredTensor> Tensors(string name, TensorSpec spec)
    {
        var n = spec.Rows * spec.Columns;
        yield return new StoredTensor(name, [(n + 1) / 2, 1], TensorType.U8, spec, StoredValues.Nf4Codes);
        yield return new StoredTensor(name + ".absmax", [(n + BlockSize - 1) / BlockSize], TensorType.F32, spec, StoredValues.Nf4Absmax);
        yield return new StoredTensor(name + ".quant_map", [16], TensorType.F32, spec, StoredValues.Nf4QuantMap);
        yield return new StoredTensor(name + ".quant_state.bitsandbytes__nf4", [StateJson(spec).Length], TensorType.U8, spec, StoredValues.Nf4QuantState);
    }

    /// <summary>What <c>pack_dict_to_tensor</c> stores: Python's <c>json.dumps</c> of the state, keys in its order.</summary>
    public static byte[] StateJson(TensorSpec spec) => Encoding.UTF8.GetBytes(
        $"{{\"quant_type\": \"nf4\", \"blocksize\": {BlockSize}, \"dtype\": \"bfloat16\", \"shape\": [{spec.Rows}, {spec.Columns}]}}");
}
