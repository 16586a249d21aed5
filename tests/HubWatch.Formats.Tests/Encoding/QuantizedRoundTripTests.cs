using HubWatch.Formats.Encoding;

namespace HubWatch.Formats.Tests.Encoding;

/// <summary>
/// Quantised types on synthetic Gaussian weights whose magnitude changes from block to block (1e-4 … 10).
/// Q8_0 and Q4_0: the per-block bounds of <see cref="QuantizationBounds"/>. Q4_K and Q6_K: the bound derived below.
/// </summary>
public class QuantizedRoundTripTests
{
    private const int Elements = 64 * 256;

    [Fact]
    public void Q8_0_decodes_within_half_a_step_plus_the_fp16_rounding_of_d()
    {
        var values = SyntheticValues.GaussianWithVaryingScale(Elements, seed: 1);

        var (bytes, decoded) = ScalarRoundTripTests.RoundTrip(TensorType.Q8_0, values);

        for (var i = 0; i < values.Length; i++)
        {
            var bound = QuantizationBounds.Q8_0(bytes.AsSpan(i / 32 * 34, 34), i % 32);
            Assert.True(MathF.Abs(decoded[i] - values[i]) <= bound, $"[{i}] |{decoded[i]} − {values[i]}| > {bound}");
        }
    }

    [Fact]
    public void Q4_0_decodes_within_half_a_step_except_at_the_missing_top_code()
    {
        var values = SyntheticValues.GaussianWithVaryingScale(Elements, seed: 2);

        var (bytes, decoded) = ScalarRoundTripTests.RoundTrip(TensorType.Q4_0, values);

        for (var i = 0; i < values.Length; i++)
        {
            var bound = QuantizationBounds.Q4_0(bytes.AsSpan(i / 32 * 18, 18), i % 32);
            Assert.True(MathF.Abs(decoded[i] - values[i]) <= bound, $"[{i}] |{decoded[i]} − {values[i]}| > {bound}");
        }
    }

    /// <summary>
    /// Decoding is x̂ = level(q) on a per-sub-block grid (Q4_K: d·sc·q − dmin·m, q in 0..15; Q6_K: d·sc·(q − 32),
    /// q in 0..63), and the encoder re-picks q = clamp(round(x / step)) against the grid as stored. So (1) x̂ is the
    /// grid level nearest to x, and (2) the error stays within the derived bounds of
    /// <see cref="QuantizationBounds.Q4_K"/> (1.5 steps plus fp16 terms) and <see cref="QuantizationBounds.Q6_K"/>
    /// (1 step plus fp16 terms). The fp16 terms matter: on the 1e-4-scaled blocks d is an fp16 subnormal and its
    /// rounding alone shifts the grid by several steps. Measured over 600 × 4096 such values: at most 0.79 (Q4_K)
    /// and 0.95 (Q6_K) of the bound.
    /// </summary>
    [Theory]
    [InlineData(TensorType.Q4_K)]
    [InlineData(TensorType.Q6_K)]
    public void K_quants_decode_to_the_nearest_grid_level_and_within_the_derived_bound(TensorType type)
    {
        var values = SyntheticValues.GaussianWithVaryingScale(Elements, seed: 3);
        var blockBytes = TensorCodec.BytesPerBlock(type);
        var (zeroCode, oneStepUp) = type == TensorType.Q4_K ? (0, 1) : (32, 33);

        var (bytes, decoded) = ScalarRoundTripTests.RoundTrip(type, values);
        var levels = QuantizationBounds.LevelsPerCode(type, bytes, values.Length);

        for (var i = 0; i < values.Length; i++)
        {
            var block = bytes.AsSpan(i / 256 * blockBytes, blockBytes);
            var error = MathF.Abs(decoded[i] - values[i]);
            var nearest = levels.Min(level => MathF.Abs(level[i] - values[i]));
            var step = MathF.Abs(levels[oneStepUp][i] - levels[zeroCode][i]);
            var bound = type == TensorType.Q4_K ? QuantizationBounds.Q4_K(block, step, levels[zeroCode][i]) : QuantizationBounds.Q6_K(block, step);
            var slack = QuantizationBounds.Slack(MathF.Abs(values[i]) + (64 * step));
            Assert.True(error <= nearest + slack, $"{type}[{i}]: error {error} but a grid level is {nearest} away.");
            Assert.True(error <= bound + slack, $"{type}[{i}]: error {error} exceeds the bound {bound} (step {step}).");
        }
    }
}
