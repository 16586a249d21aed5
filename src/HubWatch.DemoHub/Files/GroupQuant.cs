using HubWatch.DemoHub.Models;
using HubWatch.DemoHub.Weights;
using HubWatch.Formats.Encoding;

namespace HubWatch.DemoHub.Files;

/// <summary>
/// A linear layer in 4-bit codes with an fp16 scale and a zero point per output row and group of 128 inputs, as
/// AutoGPTQ (<c>quantize_config.json</c>: sym, desc_act false, the v1 "gptq" checkpoint format) and AutoAWQ (GEMM,
/// zero_point, after folding its activation-aware scales into the weights: <see cref="AwqScales"/>) store it: GPTQ's
/// codes from its error-feedback rounding (<see cref="GptqSolver"/>), AWQ's the nearest level of each value
/// (<c>pseudo_quantize_tensor</c>; its clipping search is not reproduced).
/// </summary>
internal static class GroupQuant
{
    public const int GroupSize = 128;

    /// <summary>AutoAWQ's <c>order_map</c>: the output packed into each of a word's eight nibbles.</summary>
    private static readonly int[] AwqOrder = [0, 2, 4, 6, 1, 3, 5, 7];

    /// <summary>The linear layers a GPTQ or AWQ repository packs: every matrix of a decoder block but the router.</summary>
    public static bool Packs(TensorSpec spec) => !spec.IsVector && spec.Role is not (TensorRole.Embedding or TensorRole.LmHead or TensorRole.Router);

    public static IEnumerable<StoredTensor> Gptq(string module, TensorSpec spec)
    {
        var (outputs, inputs, groups) = (spec.Rows, spec.Columns, GroupCount(spec));
        yield return new StoredTensor(module + ".qweight", [inputs / 8, outputs], TensorType.I32, spec, StoredValues.GptqQWeight);
        yield return new StoredTensor(module + ".qzeros", [groups, outputs / 8], TensorType.I32, spec, StoredValues.GptqQZeros);
        yield return new StoredTensor(module + ".scales", [groups, outputs], TensorType.F16, spec, StoredValues.GptqScales);
        yield return new StoredTensor(module + ".g_idx", [inputs], TensorType.I32, spec, StoredValues.GptqGroupIndex);
    }

    public static IEnumerable<StoredTensor> Awq(string module, TensorSpec spec)
    {
        var (outputs, inputs, groups) = (spec.Rows, spec.Columns, GroupCount(spec));
        yield return new StoredTensor(module + ".qweight", [inputs, outputs / 8], TensorType.I32, spec, StoredValues.AwqQWeight);
        yield return new StoredTensor(module + ".qzeros", [groups, outputs / 8], TensorType.I32, spec, StoredValues.AwqQZeros);
        yield return new StoredTensor(module + ".scales", [groups, outputs], TensorType.F16, spec, StoredValues.AwqScales);
    }

    private static long GroupCount(TensorSpec spec) => (spec.Columns + GroupSize - 1) / GroupSize;

    /// <summary>The words of an I32 part from element <paramref name="first"/> on.</summary>
    public static void ReadWords(StoredTensor stored, ModelWeights weights, long first, Span<uint> destination)
    {
        var rows = new RoundedRows(stored.Source, weights, Symmetric(stored.Values));
        var outputs = stored.Source.Rows;
        for (var k = 0; k < destination.Length; k++)
        {
            var index = first + k;
            destination[k] = stored.Values switch
            {
                // [inputs / 8, outputs]: eight consecutive inputs of one output, the first in the low nibble
                StoredValues.GptqQWeight => Pack(n => rows.Code(index % outputs, (index / outputs * 8) + n)),
                // [groups, outputs / 8]: v1 stores each zero less one
                StoredValues.GptqQZeros => Pack(n => (rows.Zero(index / (outputs / 8), (index % (outputs / 8) * 8) + n) - 1) & 15),
                StoredValues.GptqGroupIndex => (uint)(index / GroupSize),
                // [inputs, outputs / 8]: eight outputs of one input in AWQ's interleaved order
                StoredValues.AwqQWeight => Pack(n => rows.Code((index % (outputs / 8) * 8) + AwqOrder[n], index / (outputs / 8))),
                StoredValues.AwqQZeros => Pack(n => rows.Zero(index / (outputs / 8), (index % (outputs / 8) * 8) + AwqOrder[n])),
                _ => throw new ArgumentOutOfRangeException(nameof(stored)),
            };
        }
    }

    /// <summary>The fp16 scales [groups, outputs] from element <paramref name="first"/> on.</summary>
    public static void ReadScales(StoredTensor stored, ModelWeights weights, long first, Span<float> destination)
    {
        var rows = new RoundedRows(stored.Source, weights, Symmetric(stored.Values));
        for (var k = 0; k < destination.Length; k++)
            destination[k] = rows.Scale((first + k) / stored.Source.Rows, (first + k) % stored.Source.Rows);
    }

    private static bool Symmetric(StoredValues values) => values is StoredValues.GptqQWeight or StoredValues.GptqQZeros or StoredValues.GptqScales;

    private static uint Pack(Func<int, int> nibble)
    {
        var word = 0u;
        for (var n = 0; n < 8; n++)
            word |= (uint)nibble(n) << (4 * n);
        return word;
    }

    /// <summary>
    /// The rows of one linear layer rounded as each tool rounds them, a row at a time as asked (a 70B layer has 28,672
    /// rows; a sample reads a few): GPTQ by <see cref="GptqSolver"/> (symmetric, zero 8), AWQ after folding its
    /// channel scales, each value to its nearest level, scale = (max − min) / 15 and zero = −round(min / scale) per
    /// group. Codes use the fp16 scale, as both packers divide by the stored half scales.
    /// </summary>
    private sealed class RoundedRows(TensorSpec spec, ModelWeights weights, bool symmetric)
    {
        private readonly Dictionary<long, (byte[] Codes, float[] Scales, int[] Zeros)> _rows = [];

        public int Code(long row, long input) => Of(row).Codes[input];

        public int Zero(long group, long row) => Of(row).Zeros[group];

        public float Scale(long group, long row) => Of(row).Scales[group];

        private (byte[] Codes, float[] Scales, int[] Zeros) Of(long row)
        {
            if (_rows.TryGetValue(row, out var known))
                return known;
            var values = new float[spec.Columns];
            weights.Read(spec, row * spec.Columns, values);
            if (symmetric)
                return _rows[row] = GptqSolver.Round(spec, values, GroupSize);
            for (var i = 0; i < values.Length; i++)
                values[i] *= AwqScales.Column(spec, i) / AwqScales.Row(spec, row);
            return _rows[row] = NearestLevels(values);
        }

        private static (byte[] Codes, float[] Scales, int[] Zeros) NearestLevels(float[] values)
        {
            var groups = (values.Length + GroupSize - 1) / GroupSize;
            var (codes, scales, zeros) = (new byte[values.Length], new float[groups], new int[groups]);
            for (var g = 0; g < groups; g++)
            {
                var group = new ArraySegment<float>(values, g * GroupSize, Math.Min(GroupSize, values.Length - (g * GroupSize)));
                var (min, max) = (group.Min(), group.Max());
                var scale = Math.Max(max - min, 1e-5f) / 15;
                zeros[g] = Math.Clamp(-(int)MathF.Round(min / scale), 0, 15);
                scales[g] = (float)(Half)scale;
                for (var i = 0; i < group.Count; i++)
                    codes[(g * GroupSize) + i] = (byte)Math.Clamp((int)MathF.Round(group[i] / scales[g]) + zeros[g], 0, 15);
            }
            return (codes, scales, zeros);
        }
    }
}
