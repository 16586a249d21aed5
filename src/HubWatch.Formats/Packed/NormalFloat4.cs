namespace HubWatch.Formats.Packed;

/// <summary>
/// bitsandbytes' 4-bit NormalFloat levels (<c>get_4bit_type("nf4")</c>, <c>csrc/kernels.cu</c> <c>nf4_dequantization_lut</c>,
/// bitsandbytes-foundation/bitsandbytes at 95f9af309d4d5793847169c39288dcd3fcbdf564), the float32 literals it uses: 16
/// quantiles of a normal distribution scaled to [−1, 1], with an exact 0.
/// </summary>
public static class NormalFloat4
{
    public static ReadOnlySpan<float> Levels =>
    [
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f, -0.28444138169288635f, -0.18477343022823334f,
        -0.09105003625154495f, 0.0f, 0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
        0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f,
    ];

    /// <summary>The level nearest <paramref name="scaled"/> (a value over its block's absmax), as bitsandbytes' quantiser picks it.</summary>
    public static int Nearest(float scaled)
    {
        var levels = Levels;
        var best = 0;
        for (var i = 1; i < levels.Length; i++)
        {
            if (Math.Abs(levels[i] - scaled) < Math.Abs(levels[best] - scaled))
                best = i;
        }
        return best;
    }
}
