namespace HubWatch.Kernels.Tests;

public sealed class SimilarityStatisticsTests
{
    // P(Z ≥ z) to 30 digits (mpmath: erfc(z/√2)/2).
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.96, 0.0249978951482204362)]
    [InlineData(3.0, 0.00134989803163009453)]
    [InlineData(5.0, 2.86651571879193912e-7)]
    [InlineData(8.0, 6.22096057427178412e-16)]
    [InlineData(10.0, 7.61985302416052607e-24)]
    [InlineData(20.0, 2.75362411860623370e-89)]
    [InlineData(37.0, 5.72557122252457682e-300)]
    [InlineData(-1.96, 0.975002104851779564)]
    public void NormalUpperTail_matches_known_values_to_one_part_in_a_million(double z, double expected)
    {
        double p = SimilarityStatistics.NormalUpperTail(z);
        Assert.InRange(Math.Abs(p - expected) / expected, 0, 1e-6);
    }

    [Fact]
    public void NormalUpperTail_is_monotone_and_does_not_underflow_early()
    {
        double previous = 1;
        for (double z = -10; z <= 37.5; z += 0.125)
        {
            double p = SimilarityStatistics.NormalUpperTail(z);
            Assert.True(p < previous || p == 1.0, $"p({z}) = {p} is not below p({z - 0.125}) = {previous}");
            Assert.True(p > 0, $"p({z}) underflowed");
            previous = p;
        }

        Assert.Equal(0.0, SimilarityStatistics.NormalUpperTail(double.PositiveInfinity));
        Assert.Equal(1.0, SimilarityStatistics.NormalUpperTail(double.NegativeInfinity));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(5.0)]
    [InlineData(10.0)]
    [InlineData(30.0)]
    public void LogNormalUpperTail_agrees_with_the_log_of_the_tail_where_both_exist(double z)
    {
        double expected = Math.Log(SimilarityStatistics.NormalUpperTail(z));
        Assert.Equal(expected, SimilarityStatistics.LogNormalUpperTail(z), Math.Abs(expected) * 1e-12);
    }

    [Fact]
    public void LogNormalUpperTail_stays_finite_beyond_double_range()
    {
        // ln P(Z ≥ 60) = −1805.0135606805671 (mpmath); p itself is ≈ 1e-784.
        Assert.Equal(0.0, SimilarityStatistics.NormalUpperTail(60));
        Assert.Equal(-1805.0135606805671, SimilarityStatistics.LogNormalUpperTail(60), 1e-9);
    }

    [Fact]
    public void ZScore_is_r_times_sqrt_n()
    {
        Assert.Equal(0.5 * 64, SimilarityStatistics.ZScore(0.5, 4096), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => SimilarityStatistics.ZScore(0.5, 0));
    }

    [Fact]
    public void Stouffer_of_k_equal_z_is_z_sqrt_k()
    {
        Assert.Equal(2.5 * Math.Sqrt(9), SimilarityStatistics.Stouffer(Enumerable.Repeat(2.5, 9)), 1e-12);
        Assert.Equal(1.0, SimilarityStatistics.Stouffer([1.0]), 1e-12);
        Assert.Throws<ArgumentException>(() => SimilarityStatistics.Stouffer([]));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.01)]
    [InlineData(1e-200)]
    public void Fisher_of_one_p_is_p(double p) =>
        Assert.Equal(p, SimilarityStatistics.Fisher([p]), p * 1e-12);

    [Fact]
    public void Fisher_matches_the_chi_square_tail()
    {
        // Two p = 0.05: X = 11.983 on 4 dof → 0.0174787 (e^{−s}(1 + s), s = −2 ln 0.05).
        double s = -2 * Math.Log(0.05);
        Assert.Equal(Math.Exp(-s) * (1 + s), SimilarityStatistics.Fisher([0.05, 0.05]), 1e-15);
        Assert.Equal(0.0174787, SimilarityStatistics.Fisher([0.05, 0.05]), 1e-7);

        // 400 × p = 0.1: the product (1e-400) underflows double, the combined p (6.1318e-84, mpmath) does not.
        double combined = SimilarityStatistics.Fisher(Enumerable.Repeat(0.1, 400));
        Assert.Equal(6.131798131396272e-84, combined, 6.131798131396272e-84 * 1e-9);
        Assert.Equal(1.0, SimilarityStatistics.Fisher([1.0, 1.0]));
        Assert.Equal(0.0, SimilarityStatistics.Fisher([0.0, 0.5]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SimilarityStatistics.Fisher([1.5]));
    }

    [Fact]
    public void Holm_adjusts_a_known_example()
    {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") → 0.03 0.06 0.06 0.02
        double[] adjusted = SimilarityStatistics.Holm([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], adjusted.Select(v => Math.Round(v, 12)).ToArray());
        Assert.Equal([1.0, 1.0], SimilarityStatistics.Holm([0.6, 0.7]));
        Assert.Empty(SimilarityStatistics.Holm([]));
    }

    [Fact]
    public void Erfc_is_symmetric_and_continuous_across_its_breakpoints()
    {
        foreach (double x in new[] { 0.46875, 4.0 })
        {
            double below = SimilarityStatistics.Erfc(x - 1e-12), above = SimilarityStatistics.Erfc(x + 1e-12);
            Assert.InRange(Math.Abs(below - above) / below, 0, 1e-10);
        }

        Assert.Equal(2.0 - SimilarityStatistics.Erfc(1.3), SimilarityStatistics.Erfc(-1.3), 1e-15);
        Assert.Equal(1.0, SimilarityStatistics.Erfc(0));
    }
}
