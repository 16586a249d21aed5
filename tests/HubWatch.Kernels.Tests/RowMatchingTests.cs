namespace HubWatch.Kernels.Tests;

public sealed class RowMatchingTests
{
    private const int N = 300, D = 16;
    private readonly CpuSimilarityKernels _kernels = new();

    [Fact]
    public void Recovers_a_random_permutation_exactly()
    {
        var random = new Random(31);
        var a = TestData.Gaussian(random, N * D);
        var permutation = TestData.Permutation(random, N);
        var b = Permute(a, permutation, random, noise: 0);

        var match = RowMatching.Greedy(Cosines(a, b), N, N);

        Assert.Equal(permutation, match.MatchOfA);
        Assert.Equal(N, match.Matched);
        Assert.Equal(1.0, match.MeanSimilarity, 1e-6);
    }

    [Fact]
    public void Recovers_a_random_permutation_under_five_percent_noise_and_beats_an_independent_matrix()
    {
        var random = new Random(32);
        var a = TestData.Gaussian(random, N * D);
        var permutation = TestData.Permutation(random, N);
        var b = Permute(a, permutation, random, noise: 0.05);
        var independent = TestData.Gaussian(random, N * D);

        var match = RowMatching.Greedy(Cosines(a, b), N, N);
        var unrelated = RowMatching.Greedy(Cosines(a, independent), N, N);

        Assert.Equal(permutation, match.MatchOfA);
        Assert.InRange(match.MeanSimilarity, 0.99, 1.0);
        Assert.Equal(N, unrelated.Matched);
        Assert.InRange(unrelated.MeanSimilarity, -1.0, 0.8);
        Assert.True(match.MeanSimilarity - unrelated.MeanSimilarity > 0.3,
            $"matched {match.MeanSimilarity:F3} vs independent {unrelated.MeanSimilarity:F3}");
    }

    [Fact]
    public void Takes_the_globally_best_pair_first()
    {
        // Row 1 prefers column 0 (0.85) but row 0 holds the global best (0.9) there, so row 1 gets column 1.
        float[] cosines = [0.9f, 0.8f, 0.85f, 0.1f];
        var match = RowMatching.Greedy(cosines, 2, 2);
        Assert.Equal([0, 1], match.MatchOfA);
        Assert.Equal([0.9f, 0.1f], match.Similarity);
        Assert.Equal(0.5, match.MeanSimilarity, 1e-6);
    }

    [Fact]
    public void Leaves_surplus_rows_unmatched()
    {
        float[] cosines = [0.2f, 0.9f, 0.3f]; // 3 rows of a, 1 row of b
        var match = RowMatching.Greedy(cosines, 3, 1);
        Assert.Equal([-1, 0, -1], match.MatchOfA);
        Assert.Equal(1, match.Matched);
        Assert.Equal(0.9, match.MeanSimilarity, 1e-6);

        var none = RowMatching.Greedy([], 2, 0);
        Assert.Equal([-1, -1], none.MatchOfA);
        Assert.Equal(0, none.Matched);
    }

    [Fact]
    public void Rejects_a_cosine_matrix_of_the_wrong_size() =>
        Assert.Throws<ArgumentException>(() => RowMatching.Greedy(new float[5], 2, 3));

    private float[] Cosines(float[] a, float[] b)
    {
        var cosines = new float[N * N];
        _kernels.RowCosines(a, N, b, N, D, cosines);
        return cosines;
    }

    // b[π(i)] = a[i] + noise·N(0, 1) per element (a has unit variance, so noise is relative).
    private static float[] Permute(float[] a, int[] permutation, Random random, double noise)
    {
        var b = new float[a.Length];
        for (int i = 0; i < N; i++)
        {
            for (int k = 0; k < D; k++)
            {
                b[(permutation[i] * D) + k] = (float)(a[(i * D) + k] + (noise * TestData.NextGaussian(random)));
            }
        }

        return b;
    }
}
