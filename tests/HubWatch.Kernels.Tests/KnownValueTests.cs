namespace HubWatch.Kernels.Tests;

/// <summary>Values with a closed-form answer, for every implementation.</summary>
[Collection(IlgpuCollection.Name)]
public sealed class KnownValueTests(IlgpuCpuHostFixture fixture)
{
    public static TheoryData<string> Implementations => ["cpu-simd", "ilgpu-cpu"];

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Identical_vectors_score_one(string name)
    {
        var x = TestData.Gaussian(new Random(1), 1000);
        var (cos, corr) = One(name, x, x);
        Assert.Equal(1f, cos, 1e-6f);
        Assert.Equal(1f, corr, 1e-6f);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Negated_vectors_score_minus_one(string name)
    {
        var x = TestData.Gaussian(new Random(2), 1000);
        var (cos, corr) = One(name, x, x.Select(v => -v).ToArray());
        Assert.Equal(-1f, cos, 1e-6f);
        Assert.Equal(-1f, corr, 1e-6f);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void A_constant_shift_lowers_the_cosine_but_not_the_correlation(string name)
    {
        var x = TestData.Gaussian(new Random(3), 1000);
        var shifted = x.Select(v => v + 2f).ToArray();
        var (cos, corr) = One(name, x, shifted);
        // the cosine worked by hand in double: Σx(x+2) / (‖x‖·‖x+2‖), ≈ 1/√5 for unit-variance x
        var expected = x.Zip(shifted, (a, b) => (double)a * b).Sum() / Math.Sqrt(x.Sum(a => (double)a * a) * shifted.Sum(b => (double)b * b));
        Assert.Equal(expected, cos, 1e-5);
        Assert.InRange(expected, 1 / Math.Sqrt(5) - 0.05, 1 / Math.Sqrt(5) + 0.05);
        Assert.Equal(1f, corr, 1e-6f);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Orthogonal_zero_mean_vectors_score_zero(string name)
    {
        // Walsh rows (+ + − −) and (+ − + −): orthogonal before and after centring.
        var x = Enumerable.Range(0, 1024).Select(k => (k / 2) % 2 == 0 ? 1f : -1f).ToArray();
        var y = Enumerable.Range(0, 1024).Select(k => k % 2 == 0 ? 1f : -1f).ToArray();
        var (cos, corr) = One(name, x, y);
        Assert.Equal(0f, cos, 1e-7f);
        Assert.Equal(0f, corr, 1e-7f);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Zero_and_constant_vectors_score_zero_instead_of_nan(string name)
    {
        var x = TestData.Gaussian(new Random(4), 300);
        var zero = new float[300];
        var constant = Enumerable.Repeat(0.1f, 300).ToArray();

        Assert.Equal((0f, 0f), One(name, x, zero));
        Assert.Equal((0f, 0f), One(name, zero, x));

        // A constant vector has a direction (cosine defined) but no variation (correlation 0, not noise).
        var (cos, corr) = One(name, constant, x);
        Assert.NotEqual(0f, cos);
        Assert.Equal(0f, corr);
        Assert.Equal(0f, One(name, x, constant).Correlation);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Cosine_of_independent_gaussians_times_sqrt_n_has_unit_spread(string name)
    {
        const int n = 256, trials = 2000;
        var random = new Random(5);
        var query = TestData.Gaussian(random, n);
        var stored = TestData.Gaussian(random, n * trials);
        var cos = new float[trials];
        var corr = new float[trials];
        fixture.ByName(name).Compare(query, stored, trials, [0, n], cos, corr);

        var z = cos.Select(c => SimilarityStatistics.ZScore(c, n)).ToArray();
        double mean = z.Average();
        double std = Math.Sqrt(z.Sum(v => (v - mean) * (v - mean)) / (trials - 1));
        // four standard errors of a sample of 2,000: 4/√2000 for the mean, 4/√(2·2000) for the spread
        Assert.InRange(mean, -4 / Math.Sqrt(trials), 4 / Math.Sqrt(trials));
        Assert.InRange(std, 1 - 4 / Math.Sqrt(2.0 * trials), 1 + 4 / Math.Sqrt(2.0 * trials));
    }

    [Fact]
    public void Segments_are_compared_independently()
    {
        // Segment 0 identical, segment 1 negated: a whole-vector cosine would mix them.
        var random = new Random(6);
        var query = TestData.Gaussian(random, 200);
        var stored = query.Select((v, k) => k < 100 ? v : -v).ToArray();
        var cos = new float[2];
        var corr = new float[2];
        fixture.Cpu.Compare(query, stored, 1, [0, 100, 200], cos, corr);
        Assert.Equal(1f, cos[0], 1e-6f);
        Assert.Equal(-1f, cos[1], 1e-6f);
    }

    private (float Cosine, float Correlation) One(string name, float[] x, float[] y)
    {
        var cos = new float[1];
        var corr = new float[1];
        fixture.ByName(name).Compare(x, y, 1, [0, x.Length], cos, corr);
        return (cos[0], corr[0]);
    }
}
