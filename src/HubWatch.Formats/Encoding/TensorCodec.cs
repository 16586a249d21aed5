namespace HubWatch.Formats.Encoding;

/// <summary>
/// Converts float32 values to and from the on-disk bytes of a <see cref="TensorType"/> (little-endian, ggml block
/// layout for quantised types). Spans in, spans out: nothing is allocated per element or per block, so a server can
/// encode any slice of a tensor on demand.
/// </summary>
public static class TensorCodec
{
    /// <summary>Elements per block: 1 for scalar types, 32 for Q8_0/Q4_0, 256 for the K-quants.</summary>
    public static int BlockSize(TensorType type) => Block(type).Values;

    /// <summary>Bytes one block occupies (for scalar types, bytes per element).</summary>
    public static int BytesPerBlock(TensorType type) => Block(type).Bytes;

    private static (int Values, int Bytes) Block(TensorType type) => type switch
    {
        TensorType.F32 or TensorType.I32 => (1, 4),
        TensorType.F16 or TensorType.BF16 => (1, 2),
        TensorType.I8 or TensorType.U8 or TensorType.F8_E4M3 or TensorType.F8_E5M2 => (1, 1),
        TensorType.Q8_0 => (Q8_0Codec.BlockSize, Q8_0Codec.BytesPerBlock),
        TensorType.Q4_0 => (Q4_0Codec.BlockSize, Q4_0Codec.BytesPerBlock),
        TensorType.Q4_K => (Q4_KCodec.BlockSize, Q4_KCodec.BytesPerBlock),
        TensorType.Q6_K => (Q6_KCodec.BlockSize, Q6_KCodec.BytesPerBlock),
        // sizes of ggml's block structs (ggml-common.h), each checked there by a static_assert
        TensorType.Q4_1 => (32, 20),
        TensorType.Q5_0 => (32, 22),
        TensorType.Q5_1 => (32, 24),
        TensorType.IQ4_NL => (32, 18),
        TensorType.MXFP4 => (32, 17),
        TensorType.NVFP4 => (64, 36),
        TensorType.Q2_0 => (64, 18),
        TensorType.Q1_0 => (128, 18),
        TensorType.Q2_K => (Q2_KCodec.BlockSize, Q2_KCodec.BytesPerBlock),
        TensorType.Q3_K => (Q3_KCodec.BlockSize, Q3_KCodec.BytesPerBlock),
        TensorType.Q5_K => (Q5_KCodec.BlockSize, Q5_KCodec.BytesPerBlock),
        TensorType.Q8_K => (256, 292),
        TensorType.IQ2_XXS => (256, 66),
        TensorType.IQ2_XS => (256, 74),
        TensorType.IQ2_S => (256, 82),
        TensorType.IQ3_XXS => (256, 98),
        TensorType.IQ3_S => (256, 110),
        TensorType.IQ1_S => (256, 50),
        TensorType.IQ1_M => (256, 56),
        TensorType.IQ4_XS => (IQ4_XSCodec.BlockSize, IQ4_XSCodec.BytesPerBlock),
        TensorType.TQ1_0 => (256, 54),
        TensorType.TQ2_0 => (256, 66),
        _ => throw UnknownType(type),
    };

    /// <summary>Bytes that <paramref name="elements"/> values occupy.</summary>
    /// <exception cref="ArgumentException">Negative, not a whole number of blocks, or too large for a long.</exception>
    public static long ByteCount(TensorType type, long elements)
    {
        var blockSize = BlockSize(type);
        if (elements < 0)
        {
            throw new ArgumentException($"Element count must not be negative (got {elements}).", nameof(elements));
        }

        if (elements % blockSize != 0)
        {
            throw new ArgumentException(
                $"{type} stores whole blocks of {blockSize} values; {elements} elements is not a multiple of {blockSize}.",
                nameof(elements));
        }

        try
        {
            return checked(elements / blockSize * BytesPerBlock(type));
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"{elements} elements of {type} do not fit in a 64-bit byte count.", nameof(elements));
        }
    }

    /// <summary>Encodes all of <paramref name="values"/>; <paramref name="destination"/> must be exactly ByteCount long.</summary>
    public static void Encode(TensorType type, ReadOnlySpan<float> values, Span<byte> destination)
    {
        RequireExactLength(type, values.Length, destination.Length, nameof(destination));
        switch (type)
        {
            case TensorType.F32: ScalarCodec.EncodeF32(values, destination); break;
            case TensorType.F16: ScalarCodec.EncodeF16(values, destination); break;
            case TensorType.BF16: BFloat16Codec.Encode(values, destination); break;
            case TensorType.I8: ScalarCodec.EncodeI8(values, destination); break;
            case TensorType.U8: ScalarCodec.EncodeU8(values, destination); break;
            case TensorType.Q8_0: Q8_0Codec.Encode(values, destination); break;
            case TensorType.Q4_0: Q4_0Codec.Encode(values, destination); break;
            case TensorType.Q4_K: Q4_KCodec.Encode(values, destination); break;
            case TensorType.Q6_K: Q6_KCodec.Encode(values, destination); break;
            case TensorType.Q2_K: Q2_KCodec.Encode(values, destination); break;
            case TensorType.Q3_K: Q3_KCodec.Encode(values, destination); break;
            case TensorType.Q5_K: Q5_KCodec.Encode(values, destination); break;
            case TensorType.IQ4_XS: IQ4_XSCodec.Encode(values, destination); break;
            case TensorType.F8_E4M3: Fp8Codec.EncodeE4M3(values, destination); break;
            case TensorType.F8_E5M2: Fp8Codec.EncodeE5M2(values, destination); break;
            default: throw new NotSupportedException($"HubWatch reads {type} but does not write it.");
        }
    }

    /// <summary>Decodes into all of <paramref name="values"/>; <paramref name="source"/> must be exactly ByteCount long.</summary>
    public static void Decode(TensorType type, ReadOnlySpan<byte> source, Span<float> values)
    {
        RequireExactLength(type, values.Length, source.Length, nameof(source));
        switch (type)
        {
            case TensorType.F32: ScalarCodec.DecodeF32(source, values); break;
            case TensorType.F16: ScalarCodec.DecodeF16(source, values); break;
            case TensorType.BF16: BFloat16Codec.Decode(source, values); break;
            case TensorType.I8: ScalarCodec.DecodeI8(source, values); break;
            case TensorType.U8: ScalarCodec.DecodeU8(source, values); break;
            case TensorType.Q8_0: Q8_0Codec.Decode(source, values); break;
            case TensorType.Q4_0: Q4_0Codec.Decode(source, values); break;
            case TensorType.Q4_K: Q4_KCodec.Decode(source, values); break;
            case TensorType.Q6_K: Q6_KCodec.Decode(source, values); break;
            case TensorType.F8_E4M3: Fp8Codec.DecodeE4M3(source, values); break;
            case TensorType.F8_E5M2: Fp8Codec.DecodeE5M2(source, values); break;
            case TensorType.Q4_1: LegacyQuantDecoders.DecodeQ4_1(source, values); break;
            case TensorType.Q5_0: LegacyQuantDecoders.DecodeQ5_0(source, values); break;
            case TensorType.Q5_1: LegacyQuantDecoders.DecodeQ5_1(source, values); break;
            case TensorType.Q1_0: LegacyQuantDecoders.DecodeQ1_0(source, values); break;
            case TensorType.Q2_0: LegacyQuantDecoders.DecodeQ2_0(source, values); break;
            case TensorType.Q2_K: Q2_KCodec.Decode(source, values); break;
            case TensorType.Q3_K: Q3_KCodec.Decode(source, values); break;
            case TensorType.Q5_K: Q5_KCodec.Decode(source, values); break;
            case TensorType.Q8_K: KQuantDecoders.DecodeQ8_K(source, values); break;
            case TensorType.IQ2_XXS: IQuantDecoders.DecodeIq2Xxs(source, values); break;
            case TensorType.IQ2_XS: IQuantDecoders.DecodeIq2Xs(source, values); break;
            case TensorType.IQ2_S: IQuantDecoders.DecodeIq2S(source, values); break;
            case TensorType.IQ3_XXS: IQuantDecoders.DecodeIq3Xxs(source, values); break;
            case TensorType.IQ3_S: IQuantDecoders.DecodeIq3S(source, values); break;
            case TensorType.IQ1_S: IQuantDecoders.DecodeIq1S(source, values); break;
            case TensorType.IQ1_M: IQuantDecoders.DecodeIq1M(source, values); break;
            case TensorType.IQ4_NL: NonLinearQuantDecoders.DecodeIq4Nl(source, values); break;
            case TensorType.IQ4_XS: IQ4_XSCodec.Decode(source, values); break;
            case TensorType.TQ1_0: TernaryDecoders.DecodeTQ1_0(source, values); break;
            case TensorType.TQ2_0: TernaryDecoders.DecodeTQ2_0(source, values); break;
            case TensorType.MXFP4: Fp4Decoders.DecodeMxfp4(source, values); break;
            case TensorType.NVFP4: Fp4Decoders.DecodeNvfp4(source, values); break;
            default: throw UnknownType(type);
        }
    }

    // Exact lengths, not "at least": a wrong slice is a bug in the caller's offset arithmetic and should say so.
    private static void RequireExactLength(TensorType type, int elements, int byteLength, string parameterName)
    {
        var expected = ByteCount(type, elements);
        if (byteLength != expected)
        {
            throw new ArgumentException(
                $"{elements} values of {type} occupy {expected} bytes, but the byte span holds {byteLength}.",
                parameterName);
        }
    }

    private static ArgumentOutOfRangeException UnknownType(TensorType type) =>
        new(nameof(type), type, "Unknown tensor type.");
}
