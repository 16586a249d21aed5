using HubWatch.Formats.Encoding;
using HubWatch.Provenance.Classification;

namespace HubWatch.Provenance.Tests.Classification;

/// <summary>
/// The grid test on anchors as the fingerprints keep them (half floats): a parent rounded by ggml's own block formats
/// leaves nothing off its grid; the same parent changed by a few percent before rounding leaves a share that grows with
/// the change; non-uniform levels give no evidence.
/// </summary>
public class GridEvidenceTests
{
    public static TheoryData<TensorType> AffineTypes => new() { TensorType.Q8_0, TensorType.Q4_0, TensorType.Q2_K, TensorType.Q3_K, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K };

    [Theory]
    [MemberData(nameof(AffineTypes))]
    public void A_parent_rounded_has_no_value_off_its_grid(TensorType type)
    {
        var parent = Weights(seed: 1);

        var result = Patch(Rounded(parent, type), parent, type);

        // Q8_0's 255 levels leave a run of 32 values few neighbours to read a step from: fewer runs fit
        Assert.True(result.Counted >= (type == TensorType.Q8_0 ? 64 : 200), $"{type}: {result.Counted} values checked");
        Assert.Equal(0, result.OffGrid);
    }

    [Theory]
    [MemberData(nameof(AffineTypes))]
    public void A_parent_changed_by_five_percent_then_rounded_leaves_values_off_its_grid(TensorType type)
    {
        var parent = Weights(seed: 2);
        var random = new Random(3);
        var rms = Math.Sqrt(parent.Average(v => (double)v * v));
        var tuned = parent.Select(v => v + (float)(0.05 * rms * Gaussian(random))).ToArray();

        var result = Patch(Rounded(tuned, type), parent, type);

        Assert.True(result.OffShare > 0.01, $"{type}: {result.OffGrid} of {result.Counted} off the grid");
    }

    [Fact]
    public void Non_uniform_levels_fit_no_grid()
    {
        var parent = Weights(seed: 4);
        var iq4 = Rounded(parent, TensorType.IQ4_XS);

        Assert.Null(GridEvidence.GroupOf(TensorType.IQ4_XS));
        Assert.Null(GridEvidence.GroupOf(TensorType.NF4));
        var fitted = Enumerable.Range(0, 8).Count(r => GridEvidence.StepOf(iq4.AsSpan(r * 256, 32), 16) is not null);
        Assert.True(fitted <= 1, $"{fitted} of 8 IQ4_XS runs fit a uniform grid");
        Assert.Equal(0.25, GridEvidence.StepOf([0f, 0.5f, 0.25f, 1.5f, 0.5f], 16)!.Value, 6);
        Assert.Null(GridEvidence.StepOf([0f, 0.5f], 16)); // two levels: any step fits
    }

    /// <summary>8 rows of 256 weight-like values (Student-t with 5 degrees of freedom, scale 0.02).</summary>
    private static float[] Weights(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 8 * 256).Select(_ =>
        {
            var chi = Enumerable.Range(0, 5).Sum(_ => Math.Pow(Gaussian(random), 2));
            return (float)(0.02 * Gaussian(random) / Math.Sqrt(chi / 5));
        })];
    }

    private static float Gaussian(Random random) => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    private static float[] Rounded(float[] values, TensorType type)
    {
        var bytes = new byte[TensorCodec.ByteCount(type, values.Length)];
        TensorCodec.Encode(type, values, bytes);
        var decoded = new float[values.Length];
        TensorCodec.Decode(type, bytes, decoded);
        return decoded;
    }

    /// <summary>The 8 × 64 patch at column 0 of both, stored as the fingerprint codec stores anchors (half floats).</summary>
    private static GridEvidence.Result Patch(float[] child, float[] parent, TensorType type)
    {
        float[] Anchor(float[] all) => [.. Enumerable.Range(0, 8 * 64).Select(i => (float)(Half)all[(i / 64 * 256) + (i % 64)])];
        return GridEvidence.Of(Anchor(child), Anchor(parent), 64, GridEvidence.GroupOf(type)!.Value);
    }
}
