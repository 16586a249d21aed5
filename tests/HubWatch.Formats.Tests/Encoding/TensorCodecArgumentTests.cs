using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Tests.Encoding;

public class TensorCodecArgumentTests
{
    [Theory]
    [InlineData(TensorType.F32, 1, 4)]
    [InlineData(TensorType.F16, 1, 2)]
    [InlineData(TensorType.BF16, 1, 2)]
    [InlineData(TensorType.I8, 1, 1)]
    [InlineData(TensorType.U8, 1, 1)]
    [InlineData(TensorType.Q8_0, 32, 34)]
    [InlineData(TensorType.Q4_0, 32, 18)]
    [InlineData(TensorType.Q4_K, 256, 144)]
    [InlineData(TensorType.Q6_K, 256, 210)]
    public void Block_geometry_matches_ggml(TensorType type, int blockSize, int bytesPerBlock)
    {
        Assert.Equal(blockSize, TensorCodec.BlockSize(type));
        Assert.Equal(bytesPerBlock, TensorCodec.BytesPerBlock(type));
        Assert.Equal(3L * bytesPerBlock, TensorCodec.ByteCount(type, 3L * blockSize));
        Assert.Equal(0L, TensorCodec.ByteCount(type, 0));
    }

    [Theory]
    [InlineData(TensorType.Q8_0, 48)]
    [InlineData(TensorType.Q4_0, 31)]
    [InlineData(TensorType.Q4_K, 255)]
    [InlineData(TensorType.Q6_K, 32)]
    public void ByteCount_rejects_partial_blocks_with_a_message_naming_the_block_size(TensorType type, long elements)
    {
        var error = Assert.Throws<ArgumentException>(() => TensorCodec.ByteCount(type, elements));

        Assert.Equal("elements", error.ParamName);
        Assert.Contains($"multiple of {TensorCodec.BlockSize(type)}", error.Message);
    }

    [Fact]
    public void ByteCount_rejects_negative_and_overflowing_counts()
    {
        Assert.Throws<ArgumentException>(() => TensorCodec.ByteCount(TensorType.F32, -1));
        Assert.Throws<ArgumentException>(() => TensorCodec.ByteCount(TensorType.F32, long.MaxValue / 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorCodec.BlockSize((TensorType)99));
    }

    [Fact]
    public void Encode_and_decode_require_exactly_the_byte_count()
    {
        var values = new float[64];

        Assert.Throws<ArgumentException>(() => TensorCodec.Encode(TensorType.Q8_0, values, new byte[67]));
        Assert.Throws<ArgumentException>(() => TensorCodec.Encode(TensorType.Q8_0, values, new byte[69]));
        Assert.Throws<ArgumentException>(() => TensorCodec.Decode(TensorType.Q8_0, new byte[67], values));
        Assert.Throws<ArgumentException>(() => TensorCodec.Encode(TensorType.Q4_K, values, new byte[36]));
    }
}
