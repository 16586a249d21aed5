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

        Assert.Equal(original.Signature.Parameters, converted.Signature.Parameters);
        Assert.Equal(original.Tensors.Count, converted.Tensors.Count);
        var bySlot = converted.Tensors.ToDictionary(t => TensorSlot.Of(t.Name));
        var anchorsDiffer = new List<TensorSlot>();
        foreach (var tensor in original.Tensors)
        {
            // names differ across formats (tok_embeddings / token_embd), slots do not
            var slot = TensorSlot.Of(tensor.Name);
            var match = bySlot[slot];
            var tolerance = relative * MaxAbs(tensor.Sketch);
            Assert.Equal(tensor.Shape, match.Shape);
            Assert.All(tensor.Sketch.Zip(match.Sketch), p => Assert.InRange(p.Second, p.First - tolerance, p.First + tolerance));
            if (match.AnchorElement != tensor.AnchorElement || match.Anchor.Zip(tensor.Anchor).Any(p => Math.Abs(p.First - p.Second) > tolerance))
                anchorsDiffer.Add(slot);
        }
        // these GGUF files were converted from the llama2.c checkpoint without llama.cpp's rope permutation of
        // attn_q / attn_k (measured: every one of their anchors matches too), so every anchor matches value for value
        Assert.Empty(anchorsDiffer);
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
