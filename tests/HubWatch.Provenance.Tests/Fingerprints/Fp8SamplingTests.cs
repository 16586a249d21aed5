using HubWatch.Formats.Encoding;
using HubWatch.Formats.Reading;
using HubWatch.Formats.Safetensors;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Tests.Fingerprints;

/// <summary>
/// FP8 and int8 safetensors as the Hub carries them, sampled from a real file: value = code × the scale beside it,
/// per tensor or per row (compressed-tensors' <c>weight_scale</c>), per 128×128 block (DeepSeek-V3's
/// <c>weight_scale_inv</c>, following <c>weight_dequant</c> in its <c>inference/kernel.py</c>), or per row over 127
/// (bitsandbytes' <c>SCB</c>).
/// </summary>
public sealed class Fp8SamplingTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public async Task Block_row_and_tensor_scales_turn_fp8_codes_into_the_values_they_stand_for()
    {
        // 200 × 300 does not divide by 128: its scale_inv is 2 × 3, the last blocks partial, as DeepSeek-V3's are
        var blocked = Codes("blocked.weight", 200, 300, TensorType.F8_E4M3, seed: 1);
        float[] blockScales = [0.5f, 2f, 0.25f, 4f, 1f, 8f];
        var rows = Codes("rows.weight", 64, 96, TensorType.F8_E4M3, seed: 2);
        var rowScales = Enumerable.Range(0, 64).Select(r => 0.01f * (r + 1)).ToArray();
        var whole = Codes("whole.weight", 32, 32, TensorType.F8_E5M2, seed: 3);
        await WriteAsync(
            (blocked, new("blocked.weight_scale_inv", [2, 3], blockScales)),
            (rows, new("rows.weight_scale", [64], rowScales)),
            (whole, new("whole.weight_scale", [1], [3f])));

        using var source = new FileByteSource(_file);
        var sample = await WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None);

        Assert.Equal(["blocked.weight", "rows.weight", "whole.weight"], sample.Fingerprint.Tensors.Select(t => t.Name));
        Assert.Empty(sample.Fingerprint.Skipped);
        AssertValues(sample, blocked, (row, column) => blockScales[row / 128 * 3 + column / 128]);
        AssertValues(sample, rows, (row, _) => rowScales[row]);
        AssertValues(sample, whole, (_, _) => 3f);
    }

    [Fact]
    public async Task Bitsandbytes_int8_codes_are_scaled_by_their_rows_SCB_over_127_and_weight_format_is_not_a_tensor_to_judge()
    {
        var codes = new CodeTensor("model.mlp.down_proj.weight", 64, 96, TensorType.I8, [.. Enumerable.Range(0, 64 * 96).Select(i => (byte)(sbyte)(i % 255 - 127))]);
        var maxima = Enumerable.Range(0, 64).Select(r => 0.5f + r).ToArray();
        await WriteAsync((codes, new("model.mlp.down_proj.SCB", [64], maxima)), (Codes("other.weight", 8, 8, TensorType.F8_E4M3, seed: 7), new("model.mlp.down_proj.weight_format", [1], [0f])));

        using var source = new FileByteSource(_file);
        var sample = await WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None);

        Assert.Equal(["model.mlp.down_proj.weight", "other.weight"], sample.Fingerprint.Tensors.Select(t => t.Name));
        var fingerprint = sample.Fingerprint.Tensors[0];
        for (var i = 0; i < fingerprint.Anchor.Length; i++)
        {
            var element = fingerprint.ElementOf(i);
            // bitsandbytes: A * stats.view(-1, 1) * 7.874015718698502e-3
            var expected = (sbyte)codes.Codes[element] * maxima[element / 96] * 7.874015718698502e-3;
            Assert.Equal(expected, fingerprint.Anchor[i], 1e-5 * Math.Max(1, Math.Abs(expected)));
        }
    }

    [Fact]
    public async Task A_block_scale_that_fits_no_block_is_skipped_with_the_reason_not_read_unscaled()
    {
        await WriteAsync(
            (Codes("odd.weight", 256, 256, TensorType.F8_E4M3, seed: 4), new("odd.weight_scale_inv", [5, 5], new float[25])),
            (Codes("fine.weight", 64, 64, TensorType.F8_E4M3, seed: 5), new("fine.weight_scale", [1], [1f])));

        using var source = new FileByteSource(_file);
        var sample = await WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None);

        Assert.Equal("fine.weight", Assert.Single(sample.Fingerprint.Tensors).Name);
        Assert.Contains("odd.weight (F8_E4M3 [256, 256] with odd.weight_scale_inv [5, 5], which fits no square block)", sample.Fingerprint.Skipped);
    }

    [Fact]
    public async Task A_NaN_scale_is_refused_with_the_tensor_named()
    {
        await WriteAsync((Codes("bad.weight", 128, 128, TensorType.F8_E4M3, seed: 6), new("bad.weight_scale_inv", [1, 1], [float.NaN])));

        using var source = new FileByteSource(_file);
        var error = await Assert.ThrowsAsync<InvalidModelFileException>(() => WeightSampler.SampleAsync(source, 64L << 20, CancellationToken.None));

        Assert.Contains("bad.weight_scale_inv holds a scale that is not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Codes_whose_scales_sit_in_the_next_shard_are_scaled_by_them()
    {
        var codes = Codes("model.layers.0.mlp.up_proj.weight", 128, 128, TensorType.F8_E4M3, seed: 7);
        var scales = Enumerable.Range(0, 128).Select(r => 0.001f * (r + 1)).ToArray();
        var second = Path.GetTempFileName();
        try
        {
            await WriteFileAsync(_file, [(new SafetensorsTensor(codes.Name, "F8_E4M3", [128, 128]), codes.Codes)]);
            var scaleBytes = new byte[128 * 4];
            TensorCodec.Encode(TensorType.F32, scales, scaleBytes);
            await WriteFileAsync(second, [(new SafetensorsTensor(codes.Name + "_scale", "F32", [128, 1]), scaleBytes)]);

            using var first = new FileByteSource(_file);
            using var next = new FileByteSource(second);
            var sample = await WeightSampler.SampleAsync([first, next], 64L << 20, CancellationToken.None);

            Assert.Equal([codes.Name], sample.Fingerprint.Tensors.Select(t => t.Name)); // the scale is no weight of its own
            AssertValues(sample, codes, (row, _) => scales[row]);
        }
        finally
        {
            File.Delete(second);
        }
    }

    private static async Task WriteFileAsync(string path, (SafetensorsTensor Tensor, byte[] Data)[] tensors)
    {
        var header = SafetensorsHeader.Build([.. tensors.Select(t => t.Tensor)]);
        await using var file = File.Create(path);
        await file.WriteAsync(header.Prefix);
        foreach (var (tensor, data) in tensors)
        {
            file.Position = header.EntryOf(tensor.Name).Begin;
            await file.WriteAsync(data);
        }
    }

    private sealed record CodeTensor(string Name, long Rows, long Columns, TensorType Type, byte[] Codes);

    private sealed record ScaleTensor(string Name, long[] Shape, float[] Values);

    /// <summary>Finite codes of both signs, spread over the format's range.</summary>
    private static CodeTensor Codes(string name, long rows, long columns, TensorType type, int seed)
    {
        var random = new Random(seed);
        var codes = new byte[rows * columns];
        for (var i = 0; i < codes.Length; i++)
        {
            var magnitude = (byte)random.Next(0, type == TensorType.F8_E4M3 ? 0x7F : 0x7C);
            codes[i] = (byte)(magnitude | (random.Next(2) == 0 ? 0 : 0x80));
        }
        return new CodeTensor(name, rows, columns, type, codes);
    }

    private static void AssertValues(WeightSample sample, CodeTensor codes, Func<long, long, float> scale)
    {
        var fingerprint = sample.Fingerprint.Tensors.Single(t => t.Name == codes.Name);
        Assert.Equal(codes.Type, fingerprint.Type);
        var decoded = new float[codes.Codes.Length];
        TensorCodec.Decode(codes.Type, codes.Codes, decoded);
        for (var i = 0; i < fingerprint.Anchor.Length; i++)
        {
            var element = fingerprint.ElementOf(i);
            Assert.Equal(decoded[element] * scale(element / codes.Columns, element % codes.Columns), fingerprint.Anchor[i]);
        }
    }

    /// <summary>A safetensors file of code tensors, each followed by its scale tensor (F32).</summary>
    private async Task WriteAsync(params (CodeTensor Codes, ScaleTensor Scale)[] pairs)
    {
        var tensors = new List<SafetensorsTensor>();
        var data = new List<byte[]>();
        foreach (var (codes, scale) in pairs)
        {
            tensors.Add(new SafetensorsTensor(codes.Name, SafetensorsDtypes.Of(codes.Type), [codes.Rows, codes.Columns]));
            data.Add(codes.Codes);
            tensors.Add(new SafetensorsTensor(scale.Name, "F32", scale.Shape));
            var bytes = new byte[scale.Values.Length * 4];
            TensorCodec.Encode(TensorType.F32, scale.Values, bytes);
            data.Add(bytes);
        }
        var header = SafetensorsHeader.Build(tensors);
        await using var file = File.Create(_file);
        await file.WriteAsync(header.Prefix);
        for (var i = 0; i < tensors.Count; i++)
        {
            file.Position = header.EntryOf(tensors[i].Name).Begin;
            await file.WriteAsync(data[i]);
        }
    }
}
