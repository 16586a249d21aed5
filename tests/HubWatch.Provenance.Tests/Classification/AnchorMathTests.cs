using HubWatch.Provenance.Classification;

namespace HubWatch.Provenance.Tests.Classification;

/// <summary>
/// The scaled error on a patch of 8 rows × 64 columns: a factor per row and per column (what AWQ folds into a layer) is
/// fitted away, a fine-tune's change and another model's values are not.
/// </summary>
public class AnchorMathTests
{
    private const int Rows = 8, Columns = 64;

    [Fact]
    public void Row_and_column_factors_are_fitted_away_and_what_remains_is_the_rounding()
    {
        var random = new Random(3);
        var parent = Patch(random);
        var (a, b) = (Factors(random, Rows), Factors(random, Columns));
        var child = Map(parent, (i, v) => (a[i / Columns] * b[i % Columns] * v) + (0.01 * a[i / Columns] * b[i % Columns] * 0.02 * TinyModel.Gaussian(random)));

        Assert.True(AnchorMath.RelativeError(child, parent) > 0.3, "the factors alone move the values far");
        Assert.InRange(AnchorMath.ScaledRelativeError(child, parent, Columns), 0.005, 0.012);
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.10)]
    public void A_change_to_the_values_is_not_fitted_away(double change)
    {
        var random = new Random(5);
        var parent = Patch(random);
        var child = Map(parent, (_, v) => v + (change * 0.02 * TinyModel.Gaussian(random)));

        // 72 factors of 512 values absorb about a seventh of the change's energy
        Assert.InRange(AnchorMath.ScaledRelativeError(child, parent, Columns), 0.85 * change, 1.05 * change);
    }

    [Fact]
    public void Another_models_values_stay_far_apart()
    {
        var random = new Random(7);
        var (parent, other) = (Patch(random), Patch(random));

        Assert.True(AnchorMath.ScaledRelativeError(other, parent, Columns) > 0.85);
    }

    private static float[] Patch(Random random) => Map(new float[Rows * Columns], (_, _) => 0.02 * TinyModel.Gaussian(random));

    private static double[] Factors(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => Math.Exp(0.5 * TinyModel.Gaussian(random)))];

    private static float[] Map(float[] values, Func<int, double, double> f) => [.. values.Select((v, i) => (float)f(i, v))];
}
