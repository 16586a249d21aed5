namespace HubWatch.Provenance.Fingerprints.Layouts;

/// <summary>A float32 rounded to a narrower float type, to nearest even, as torch's and MLX's conversions round.</summary>
internal static class FloatRounding
{
    /// <param name="type">A safetensors dtype (F16, BF16) or a torch dtype name (float16, bfloat16); anything else stays float32.</param>
    public static float To(float value, string type) => type switch
    {
        "F16" or "float16" => (float)(Half)value,
        "BF16" or "bfloat16" => BitConverter.UInt32BitsToSingle((BitConverter.SingleToUInt32Bits(value) + 0x7FFF + ((BitConverter.SingleToUInt32Bits(value) >> 16) & 1)) & 0xFFFF0000),
        _ => value,
    };
}
