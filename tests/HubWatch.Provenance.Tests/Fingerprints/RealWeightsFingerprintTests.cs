using HubWatch.Formats.Reading;
using HubWatch.Provenance.Classification;
using HubWatch.Provenance.Fingerprints;

namespace HubWatch.Provenance.Tests.Fingerprints;

/// <summary>
/// Fingerprints of real weights with known lineage (RealWeights/MANIFEST.md): the same weights in another format or
/// precision keep their fingerprint within that precision; int8 codes come back as values through the file's scale.
/// </summary>
public sealed class RealWeightsFingerprintTests
{
    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "RealWeights", file);

    private static async Task<ModelFingerprint> FingerprintAsync(string file)
    {
        using var source = new FileByteSource(PathOf(file));
        return (await WeightSampler.SampleAsync(source, WeightSampler.DefaultBudget, CancellationToken.None)).Fingerprint;
    }

    private static double MaxAbs(IEnumerable<float> values) => values.Select(v => (double)Math.Abs(v)).DefaultIfEmpty(0).Max();

    [Theory]
    [InlineData("stories260K/stories260K.bf16.safetensors", 1.0 / 128)] // bf16: 8 significant bits
    [InlineData("stories260K/stories260K.f32.gguf", 1e-6)]
    [InlineData("stories260K/stories260K.q8_0.gguf", 1.0 / 100)] // ±½ of a step of max|block|/127
    public async Task Conversions_of_stories260K_keep_every_tensor_within_their_precision(string file, double relative)
    {
        var original = await FingerprintAsync("stories260K/stories260K.f32.safetensors");
        var converted = await FingerprintAsync(file);
        var values = await AllValuesAsync("stories260K/stories260K.f32.safetensors");

        Assert.Equal(original.Signature.Parameters, converted.Signature.Parameters);
        Assert.Equal(original.Tensors.Count, converted.Tensors.Count);
        var bySlot = converted.Tensors.ToDictionary(t => TensorSlot.Of(t.Name));
        foreach (var tensor in original.Tensors)
        {
            // names differ across formats (tok_embeddings / token_embd), slots do not
            var slot = TensorSlot.Of(tensor.Name);
            var match = bySlot[slot];
            var tolerance = relative * MaxAbs(tensor.Sketch);
            Assert.Equal(tensor.Shape, match.Shape);
            Assert.All(tensor.Sketch.Zip(match.Sketch), p => Assert.InRange(p.Second, p.First - tolerance, p.First + tolerance));
            // GGUF keeps Meta's (and llama2.c's) interleaved query/key rows, which HubWatch reads in transformers'
            // order: with the file's own head counts (8 query, 4 key-value), GGUF row h·d + 2i + j is row h·d + j·d/2 + i
            var heads = !file.EndsWith(".gguf", StringComparison.Ordinal) ? 0 : slot.Role == "attn_q" ? 8 : slot.Role == "attn_k" ? 4 : 0;
            var columns = tensor.Shape.Length == 2 ? tensor.Shape[1] : tensor.Shape[0];
            for (var i = 0; i < match.Anchor.Length; i++)
            {
                var (row, column) = Math.DivRem(match.ElementOf(i), columns);
                var expected = values[tensor.Name][(MetaRow(row, tensor.Shape[0], heads) * columns) + column];
                Assert.InRange(match.Anchor[i], expected - tolerance, expected + tolerance);
            }
        }
    }

    /// <summary>The interleaved row holding transformers' row <paramref name="row"/> (itself when heads is 0).</summary>
    private static long MetaRow(long row, long rows, int heads)
    {
        if (heads == 0)
            return row;
        var headSize = rows / heads;
        var (head, within) = Math.DivRem(row, headSize);
        return (head * headSize) + (2 * (within % (headSize / 2))) + (within / (headSize / 2));
    }

    private static async Task<Dictionary<string, float[]>> AllValuesAsync(string file)
    {
        using var source = new FileByteSource(PathOf(file));
        var header = await SafetensorsReader.ReadHeaderAsync(source, CancellationToken.None);
        var values = new Dictionary<string, float[]>();
        foreach (var t in header.Tensors)
        {
            var bytes = new byte[t.Length];
            await source.ReadExactlyAsync(t.Begin, bytes, t.Name, CancellationToken.None);
            values[t.Name] = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        }
        return values;
    }

    [Fact]
    public async Task Int8_codes_are_scaled_by_the_files_metadata_and_match_their_float_original()
    {
        var codes = await FingerprintAsync("rnnoise/beguiling-drafter.rnnn-int8.safetensors");
        var original = await FingerprintAsync("rnnoise/beguiling-drafter.keras-f32.safetensors");
        var other = await FingerprintAsync("rnnoise/leavened-quisling.keras-f32.safetensors");

        foreach (var tensor in codes.Tensors)
        {
            var source = original.Tensors.Single(t => t.Name == tensor.Name);
            // round(256·w) / 256: within half a step, unless the value was clipped at ±127/256
            var within = tensor.Anchor.Zip(source.Anchor).Count(p => Math.Abs(p.First - p.Second) <= 0.5 / 256 + 1e-6 || Math.Abs(p.First) >= 127 / 256f);
            Assert.Equal(tensor.Anchor.Length, within);
            var unrelated = other.Tensors.Single(t => t.Name == tensor.Name);
            Assert.True(tensor.Anchor.Zip(unrelated.Anchor).Count(p => Math.Abs(p.First - p.Second) <= 0.5 / 256) < 0.5 * tensor.Anchor.Length);
        }
    }
}
