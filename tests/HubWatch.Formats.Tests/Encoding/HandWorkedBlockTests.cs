using System.Buffers.Binary;
using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Tests.Encoding;

/// <summary>Blocks small enough to work out on paper from ggml's formulas and struct layouts.</summary>
public class HandWorkedBlockTests
{
    private const ushort HalfOne = 0x3C00;
    private const ushort HalfOneHalf = 0x3800;

    [Fact]
    public void Q8_0_block_with_amax_127_has_d_1_and_the_values_as_codes_with_ties_away_from_zero()
    {
        var values = new float[32];
        float[] head = [127f, -5f, 2.5f, -2.5f, 0.5f, -0.5f, 1.4999f, 126.5f];
        head.CopyTo(values, 0);
        var bytes = new byte[34];

        TensorCodec.Encode(TensorType.Q8_0, values, bytes);

        // d = 127 / 127 = 1 (fp16 0x3C00); roundf sends .5 away from zero.
        Assert.Equal(HalfOne, BinaryPrimitives.ReadUInt16LittleEndian(bytes));
        sbyte[] expectedHead = [127, -5, 3, -3, 1, -1, 1, 127];
        Assert.Equal(expectedHead, bytes.Skip(2).Take(8).Select(b => unchecked((sbyte)b)));
        Assert.All(bytes.Skip(10), b => Assert.Equal(0, b));
    }

    [Fact]
    public void Q8_0_block_of_zeros_stores_d_0_and_zero_codes()
    {
        var bytes = new byte[34];
        bytes.AsSpan().Fill(0xAA);

        TensorCodec.Encode(TensorType.Q8_0, new float[32], bytes);

        Assert.All(bytes, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Q4_0_known_block_encodes_to_worked_nibbles_and_decodes_back()
    {
        // Largest magnitude is −8, so d = −8 / −8 = 1 and code = min(15, trunc(x + 8.5)).
        var values = new float[32];
        for (var j = 0; j < 16; j++)
        {
            values[j] = j - 8; // codes 0..15
        }

        float[] high = [7.6f, -7.4f, 0.5f, -0.5f, 0f, 3.2f];
        high.CopyTo(values, 16);
        int[] highCodes = [15, 1, 9, 8, 8, 11, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8];
        var bytes = new byte[18];

        TensorCodec.Encode(TensorType.Q4_0, values, bytes);

        Assert.Equal(HalfOne, BinaryPrimitives.ReadUInt16LittleEndian(bytes));
        Assert.Equal(Enumerable.Range(0, 16).Select(j => (byte)(j | (highCodes[j] << 4))), bytes.Skip(2));
        var decoded = new float[32];
        TensorCodec.Decode(TensorType.Q4_0, bytes, decoded);
        Assert.Equal(values.Take(16), decoded.Take(16));
        Assert.Equal(new float[] { 7, -7, 1, 0, 0, 3 }, decoded.Skip(16).Take(6));
    }

    [Fact]
    public void Q4_0_takes_the_sign_of_d_from_the_largest_magnitude_value()
    {
        var values = new float[32];
        values[0] = 4f; // the largest magnitude is positive, so d = 4 / −8 = −0.5 and 4 sits on code 0
        values[1] = -1f;
        var bytes = new byte[18];

        TensorCodec.Encode(TensorType.Q4_0, values, bytes);

        Assert.Equal(-0.5f, (float)BinaryPrimitives.ReadHalfLittleEndian(bytes));
        Assert.Equal(0, bytes[2] & 0xF);
        Assert.Equal(10, bytes[3] & 0xF); // −1 · (1 / −0.5) + 8.5 = 10.5 → 10, decodes to (10 − 8)·(−0.5) = −1
    }

    [Fact]
    public void Q4_K_decodes_hand_packed_scales_mins_and_nibbles()
    {
        // d = 1, dmin = 0.5. Sub-block 0: sc 2, m 1 (plain 6-bit fields in bytes 0 and 4 of the scales).
        // Sub-block 5: sc 33 = 0b10_0001, m 17 = 0b01_0001: low nibbles in scales[9], high bits in the top two bits
        // of scales[1] (sc) and scales[5] (m), as get_scale_min_k4 reads them.
        var block = new byte[144];
        BinaryPrimitives.WriteUInt16LittleEndian(block, HalfOne);
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(2), HalfOneHalf);
        var scales = block.AsSpan(4, 12);
        scales[0] = 2;
        scales[4] = 1;
        scales[9] = 0x11;
        scales[1] = 2 << 6;
        scales[5] = 1 << 6;
        var codes = block.AsSpan(16, 128);
        codes[0] = 7; // element 0: low nibble of the first 32-byte run → sub-block 0
        codes[64] = 3 << 4; // element 160: high nibble of the third run → sub-block 5

        var decoded = new float[256];
        TensorCodec.Decode(TensorType.Q4_K, block, decoded);

        Assert.Equal((1f * 2 * 7) - (0.5f * 1), decoded[0]);
        Assert.Equal((1f * 33 * 3) - (0.5f * 17), decoded[160]);
        Assert.Equal(-0.5f * 17, decoded[161]); // code 0 in sub-block 5 is just −dmin·m
        Assert.Equal(0f, decoded[32]); // sub-block 1 has sc = m = 0
    }

    [Fact]
    public void Q6_K_decodes_hand_packed_low_and_high_bits_with_signed_scales()
    {
        // ql[0..127], qh[128..191], scales[192..207], d at 208. d = 0.5.
        var block = new byte[210];
        BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(208), HalfOneHalf);
        block[192] = 3; // scale of sub-block 0 (elements 0..15)
        block[192 + 15] = unchecked((byte)(sbyte)-2); // scale of sub-block 15 (elements 240..255)
        block[0] = 5; // element 0: low 4 bits 5 …
        block[128] = 2; // … high 2 bits 2 → q = 5 + 32 = 37, value 0.5·3·(37 − 32)
        // Element 255 = second half, l = 31, fourth quarter: high nibble of ql[64 + 63], bits 6–7 of qh[32 + 31].
        block[127] = 0x90;
        block[191] = 3 << 6; // q = 9 + 48 = 57

        var decoded = new float[256];
        TensorCodec.Decode(TensorType.Q6_K, block, decoded);

        Assert.Equal(0.5f * 3 * 5, decoded[0]);
        Assert.Equal(0.5f * 3 * -32, decoded[1]); // all-zero bits are q = 0, i.e. −32
        Assert.Equal(0.5f * -2 * 25, decoded[255]);
        Assert.Equal(0f, decoded[16]); // sub-block 1 has scale 0
    }

    [Fact]
    public void Bf16_rounds_ties_to_even_and_writes_pytorchs_nan()
    {
        float[] values =
        [
            1f + MathF.Pow(2, -8), // halfway between 1 (0x3F80, even) and 1 + 2⁻⁷ (0x3F81): down to even
            1f + (3 * MathF.Pow(2, -8)), // halfway between 0x3F81 and 0x3F82 (even): up
            1f + MathF.Pow(2, -8) + MathF.Pow(2, -20), // just above halfway: up
            float.NaN,
            float.MaxValue, // rounds up past the largest bfloat16: infinity, as the bias arithmetic gives
        ];
        var bytes = new byte[10];

        TensorCodec.Encode(TensorType.BF16, values, bytes);

        ushort[] expected = [0x3F80, 0x3F82, 0x3F81, 0x7FC0, 0x7F80];
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(i => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i))));
    }
}
