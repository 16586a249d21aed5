using System.Buffers.Binary;
using HubWatch.Formats.Encoding;
using HubWatch.Formats.Gguf;
using HubWatch.Formats.Tests.Readers;

namespace HubWatch.Formats.Tests.Encoding;

/// <summary>Encoders against files written by other tools from real trained weights (RealWeights/MANIFEST.md).</summary>
public class RealWeightsEncodingTests
{
    [Fact]
    public void Bf16_encoding_of_every_f32_tensor_equals_the_real_bf16_cast()
    {
        var f32 = SafetensorsFile.Read(TestFiles.Stories260K("stories260K.f32.safetensors"));
        var bf16 = SafetensorsFile.Read(TestFiles.Stories260K("stories260K.bf16.safetensors"));
        Assert.Equal(f32.Tensors.Select(t => t.Name), bf16.Tensors.Select(t => t.Name));
        var roundedUp = 0;

        foreach (var source in f32.Tensors)
        {
            Assert.Equal("F32", source.Dtype);
            var target = bf16.Tensor(source.Name);
            Assert.Equal("BF16", target.Dtype);
            var values = TestFiles.AsFloats(f32.BytesOf(source));
            var actual = new byte[TensorCodec.ByteCount(TensorType.BF16, values.Length)];

            TensorCodec.Encode(TensorType.BF16, values, actual);

            Assert.True(bf16.BytesOf(target).SequenceEqual(actual), $"{source.Name}: BF16 bytes differ from the real file.");
            for (var i = 0; i < values.Length; i++)
            {
                var truncated = (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16);
                roundedUp += BinaryPrimitives.ReadUInt16LittleEndian(actual.AsSpan(2 * i)) != truncated ? 1 : 0;
            }
        }

        // Guard that the comparison is meaningful: a truncating encoder would have matched nothing of this.
        Assert.True(roundedUp > 1000, $"Only {roundedUp} values needed rounding up; the file does not exercise rounding.");
    }

    [Fact]
    public void Q8_0_encoding_reproduces_every_q8_0_tensor_of_the_real_gguf()
    {
        var f32 = GgufFile.Read(TestFiles.Stories260K("stories260K.f32.gguf"));
        var q8 = GgufFile.Read(TestFiles.Stories260K("stories260K.q8_0.gguf"));
        var quantized = q8.Tensors.Where(t => t.TypeId == GgmlTypeIds.Of(TensorType.Q8_0)).ToList();
        Assert.True(quantized.Count >= 30, $"Expected the Q8_0 file to hold at least 30 Q8_0 tensors, found {quantized.Count}.");

        foreach (var target in quantized)
        {
            var values = F32ValuesOf(f32, target.Name);
            var actual = new byte[TensorCodec.ByteCount(TensorType.Q8_0, values.Length)];

            TensorCodec.Encode(TensorType.Q8_0, values, actual);

            var expected = q8.BytesOf(target, actual.Length);
            var firstDifference = expected.CommonPrefixLength(actual);
            Assert.True(firstDifference == actual.Length, $"{target.Name}: first differing byte {firstDifference} (block {firstDifference / 34}).");
        }
    }

    /// <summary>
    /// "Within d/2" holds for ggml's float d; the file stores d rounded to fp16, so |q|·(fp16 rounding of d) is added
    /// (<see cref="QuantizationBounds.Q8_0"/>). Without that term 1 349 of the 204 288 values here would fail, by up
    /// to 0.552·d.
    /// </summary>
    [Fact]
    public void Decoding_the_real_q8_0_blocks_stays_within_half_a_step_plus_the_fp16_rounding_of_d()
    {
        var f32 = GgufFile.Read(TestFiles.Stories260K("stories260K.f32.gguf"));
        var q8 = GgufFile.Read(TestFiles.Stories260K("stories260K.q8_0.gguf"));
        var checkedValues = 0;

        foreach (var target in q8.Tensors.Where(t => t.TypeId == GgmlTypeIds.Of(TensorType.Q8_0)))
        {
            var original = F32ValuesOf(f32, target.Name);
            var blocks = q8.BytesOf(target, TensorCodec.ByteCount(TensorType.Q8_0, original.Length));
            var decoded = new float[original.Length];

            TensorCodec.Decode(TensorType.Q8_0, blocks, decoded);

            for (var i = 0; i < original.Length; i++)
            {
                var block = blocks.Slice(i / 32 * 34, 34);
                var bound = QuantizationBounds.Q8_0(block, i % 32);
                Assert.True(
                    MathF.Abs(decoded[i] - original[i]) <= bound,
                    $"{target.Name}[{i}]: |{decoded[i]} − {original[i]}| exceeds {bound}.");
                checkedValues++;
            }
        }

        Assert.True(checkedValues > 100_000, $"Only {checkedValues} values checked.");
    }

    private static float[] F32ValuesOf(GgufFile file, string name)
    {
        var tensor = file.Tensor(name);
        Assert.Equal(GgmlTypeIds.Of(TensorType.F32), tensor.TypeId);
        return TestFiles.AsFloats(file.BytesOf(tensor, tensor.ElementCount * 4));
    }
}
