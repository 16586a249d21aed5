using HubWatch.Domain.Hashing;

namespace HubWatch.DemoHub.Weights;

/// <summary>
/// Random numbers addressed by position instead of drawn in sequence: the value at index i of a stream depends only
/// on (key, i). Any slice of a 70-billion-value tensor can therefore be computed without computing what precedes it,
/// and every run of the generator yields the same bytes.
/// </summary>
public static class CounterRandom
{
    public static ulong Mix(ulong z) => CounterHash.Mix(z);

    public static ulong Key(ulong seed, string name) => CounterHash.Key(seed, name);

    public static ulong Key(ulong seed, ulong salt) => CounterHash.Key(seed, salt);

    public static ulong Hash(ulong key, long index) => CounterHash.Hash(key, index);

    /// <summary>Uniform in (0, 1), never 0 or 1.</summary>
    public static double Uniform(ulong key, long index) => ((Hash(key, index) >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box–Muller on the two 26-bit halves of one hash (tails reach about ±6).</summary>
    public static double Normal(ulong key, long index) => NormalFromHash(Hash(key, index));

    public static double NormalFromHash(ulong hash)
    {
        var u1 = ((hash >> 38) + 0.5) * (1.0 / (1UL << 26));
        var u2 = (((hash >> 12) & 0x3FFFFFF) + 0.5) * (1.0 / (1UL << 26));
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A permutation of 0..n-1, the same for the same key (Fisher–Yates on the counter stream).</summary>
    public static int[] Permutation(ulong key, int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)(Hash(key, i) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
